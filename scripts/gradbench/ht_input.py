"""Reads an instance of gradbench's hand-tracking eval (evals/ht/data in a gradbench checkout) into
the JSON input its C++ programs read (cpp/gradbench/evals/ht.hpp's from_json). A port, without
numpy, of what check.py needs from gradbench's python/gradbench/gradbench/evals/ht/io.py
(load_model, read_hand_instance) and adbench/ht_data.py (HandInput.to_dict)."""
import os

DELIM = ":"


def load_model(path):
    with open(os.path.join(path, "triangles.txt")) as f:
        triangles = [[int(x) for x in line.split(DELIM)] for line in f if line.strip()]
    with open(os.path.join(path, "bones.txt")) as f:
        bones = [line.split(DELIM) for line in f if line.strip()]
    # name : parent : 16 numbers of the relative transform : 16 of the inverse absolute one,
    # each 4x4 row by row (ht.hpp's from_json reads them back in that order).
    mat4 = lambda v: [[float(x) for x in v[4 * r:4 * r + 4]] for r in range(4)]
    with open(os.path.join(path, "vertices.txt")) as f:
        verts = [line.split(DELIM) for line in f if line.strip()]
    positions, weights = [], []
    for atoms in verts:
        # x:y:z, then 5 numbers unused here, then the bone count and (bone, weight) pairs.
        positions.append([float(x) for x in atoms[:3]] + [1.0])  # homogeneous
        w = [0.0] * len(bones)
        for i in range(int(atoms[8])):
            w[int(atoms[9 + 2 * i])] = float(atoms[10 + 2 * i])
        weights.append(w)
    return {
        "bone_count": len(bones),
        "bone_names": [b[0] for b in bones],
        "parents": [int(b[1]) for b in bones],
        "base_relatives": [mat4(b[2:18]) for b in bones],
        "inverse_base_absolutes": [mat4(b[18:34]) for b in bones],
        "base_positions": positions,
        "weights": weights,
        "triangles": triangles,
        "is_mirrored": False,  # as gradbench's io.py has it
    }


def read_hand_instance(model_dir, fn, read_us):
    """`read_us` is the eval's "complicated" variant: the correspondences are then triangles with
    barycentric coordinates us (2 per point) rather than vertices, and the input has them."""
    with open(fn) as f:
        lines = f.read().splitlines()
    npts, ntheta = (int(x) for x in lines[0].split()[:2])
    pts = [line.split() for line in lines[1:1 + npts]]
    rest = lines[1 + npts:]
    us = [[float(x) for x in line.split()] for line in rest[:npts]] if read_us else []
    theta = [float(line) for line in rest[npts if read_us else 0:][:ntheta]]
    return {
        "theta": theta,
        "data": {
            "model": load_model(model_dir),
            "correspondences": [int(p[0]) for p in pts],
            "points": [[float(x) for x in p[1:4]] for p in pts],
        },
        "us": us,
    }
