// A hand-tracking objective in ADBench's shape (small: 4 bones, 6 vertices, 5 correspondences),
// written as ordinary C++ with exceptions on: a matrix class that owns its storage (new[]/delete[],
// resize that reallocates on a size change, copy constructor and assignment), std::vector<Matrix>
// locals resized by callees and filled by an out-of-line mat_mult that resizes its output, Euler
// angles -> bone transforms -> absolutes through a parent array -> linear-blend skinning -> a
// global angle-axis rotation and translation -> residuals against target points. Checked: every
// forward-mode Jacobian column (__enzyme_fwddiff, err dupnoneed) against central differences, and
// the reverse-mode gradient of 0.5*|err|^2 against J^T err and against central differences.
// Also at -O0 and with every callee out of line, where constant matrices reach mat_mult through
// std::vector's out-of-line const operator[]: a callee only reading an argument gives it no shadow.
// RUN: clang++ -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O0 -c -emit-llvm %s -o %t0.bc && %llad %t0.bc -o %t0.d.bc && clang++ -O2 %t0.d.bc -o %t5 && %t5 | FileCheck %s
// RUN: clang++ -O2 -fno-inline-functions -fpass-plugin=%plugin %s -o %t6 && %t6 | FileCheck %s
// RUN: clang++ -O1 -fpass-plugin=%plugin %s -o %t1 && %t1 | FileCheck %s
// RUN: clang++ -O2 -fpass-plugin=%plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -O3 -fpass-plugin=%plugin %s -o %t3 && %t3 | FileCheck %s
// RUN: clang++ -O2 -c -emit-llvm %s -o %t2.bc && %llad %t2.bc -o %t2.d.bc && clang++ -O2 %t2.d.bc -o %t4 && %t4 | FileCheck %s
// CHECK: hand: 0 of 306 derivatives wrong
#include <cmath>
#include <cstdio>
#include <vector>

extern int enzyme_dup, enzyme_const, enzyme_dupnoneed;
extern "C" void __enzyme_fwddiff(void *, ...);
extern "C" void __enzyme_autodiff(void *, ...);

class Matrix {
public:
  int rows = 0, cols = 0;
  double *data = nullptr;
  Matrix() {}
  Matrix(int r, int c) : rows(r), cols(c), data(new double[r * c]) {}
  Matrix(const Matrix &o) : rows(o.rows), cols(o.cols), data(new double[o.rows * o.cols]) {
    for (int i = 0; i < rows * cols; i++) data[i] = o.data[i];
  }
  Matrix &operator=(const Matrix &o) {
    if (this == &o) return *this;
    resize(o.rows, o.cols);
    for (int i = 0; i < rows * cols; i++) data[i] = o.data[i];
    return *this;
  }
  ~Matrix() { delete[] data; }
  void resize(int r, int c) {
    if (r * c != rows * cols) {
      delete[] data;
      data = new double[r * c];
    }
    rows = r;
    cols = c;
  }
  double &operator()(int i, int j) { return data[j * rows + i]; } // column-major
  double operator()(int i, int j) const { return data[j * rows + i]; }
  void set_identity() {
    for (int j = 0; j < cols; j++)
      for (int i = 0; i < rows; i++) (*this)(i, j) = i == j;
  }
};

__attribute__((noinline)) void mat_mult(const Matrix &a, const Matrix &b, Matrix *out) {
  out->resize(a.rows, b.cols);
  for (int j = 0; j < b.cols; j++)
    for (int i = 0; i < a.rows; i++) {
      double s = 0;
      for (int k = 0; k < a.cols; k++) s += a(i, k) * b(k, j);
      (*out)(i, j) = s;
    }
}

const int NB = 4, NV = 6, NC = 5, NP = 6 + 3 * NB, NE = 3 * NC;

struct HandData {
  std::vector<int> parents;
  std::vector<Matrix> base_relatives, inverse_base_absolutes;
  Matrix base_positions; // 4 x NV, homogeneous
  Matrix weights;        // NB x NV
  std::vector<int> correspondences;
  Matrix points; // 3 x NC
};

// 4x4 transform whose rotation block is Rz * Ry * Rx of the angles (x, y, z).
static void euler_to_transform(const double *a, Matrix *out) {
  Matrix rx(4, 4), ry(4, 4), rz(4, 4), tmp;
  rx.set_identity(); ry.set_identity(); rz.set_identity();
  rx(1, 1) = std::cos(a[0]); rx(2, 1) = std::sin(a[0]); rx(1, 2) = -rx(2, 1); rx(2, 2) = rx(1, 1);
  ry(0, 0) = std::cos(a[1]); ry(0, 2) = std::sin(a[1]); ry(2, 0) = -ry(0, 2); ry(2, 2) = ry(0, 0);
  rz(0, 0) = std::cos(a[2]); rz(1, 0) = std::sin(a[2]); rz(0, 1) = -rz(1, 0); rz(1, 1) = rz(0, 0);
  mat_mult(rz, ry, &tmp);
  mat_mult(tmp, rx, out);
}

static void angle_axis_to_rotation(const double *w, Matrix *r) {
  r->resize(3, 3);
  double n = std::sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
  if (n < 1e-4) { r->set_identity(); return; }
  double x = w[0] / n, y = w[1] / n, z = w[2] / n, s = std::sin(n), c = std::cos(n);
  Matrix &R = *r;
  R(0, 0) = x * x + (1 - x * x) * c; R(0, 1) = x * y * (1 - c) - z * s; R(0, 2) = x * z * (1 - c) + y * s;
  R(1, 0) = x * y * (1 - c) + z * s; R(1, 1) = y * y + (1 - y * y) * c; R(1, 2) = y * z * (1 - c) - x * s;
  R(2, 0) = x * z * (1 - c) - y * s; R(2, 1) = y * z * (1 - c) + x * s; R(2, 2) = z * z + (1 - z * z) * c;
}

static void get_posed_relatives(const HandData &d, const double *theta, std::vector<Matrix> *rel) {
  rel->resize(NB);
  Matrix t;
  for (int i = 0; i < NB; i++) {
    euler_to_transform(theta + 6 + 3 * i, &t);
    mat_mult(d.base_relatives[i], t, &(*rel)[i]);
  }
}

static void relatives_to_absolutes(const std::vector<Matrix> &rel, const std::vector<int> &parents,
                                   std::vector<Matrix> *abs) {
  abs->resize(parents.size());
  for (size_t i = 0; i < parents.size(); i++) {
    if (parents[i] == -1) (*abs)[i] = rel[i];
    else mat_mult((*abs)[parents[i]], rel[i], &(*abs)[i]);
  }
}

// theta: global angle-axis rotation (3), global translation (3), Euler angles per bone (3 * NB).
__attribute__((noinline)) void objective(const double *theta, const HandData *data, double *err) {
  const HandData &d = *data;
  std::vector<Matrix> relatives, absolutes, transforms(NB);
  get_posed_relatives(d, theta, &relatives);
  relatives_to_absolutes(relatives, d.parents, &absolutes);
  for (int i = 0; i < NB; i++) mat_mult(absolutes[i], d.inverse_base_absolutes[i], &transforms[i]);
  Matrix positions(3, NV), curr;
  for (int v = 0; v < NV; v++)
    for (int r = 0; r < 3; r++) positions(r, v) = 0;
  for (int i = 0; i < NB; i++) {
    mat_mult(transforms[i], d.base_positions, &curr);
    for (int v = 0; v < NV; v++)
      for (int r = 0; r < 3; r++) positions(r, v) += curr(r, v) * d.weights(i, v);
  }
  Matrix R, posed;
  angle_axis_to_rotation(theta, &R);
  mat_mult(R, positions, &posed);
  for (int c = 0; c < NC; c++)
    for (int r = 0; r < 3; r++)
      err[3 * c + r] = posed(r, d.correspondences[c]) + theta[3 + r] - d.points(r, c);
}

__attribute__((noinline)) double loss(const double *theta, const HandData *data) {
  double err[NE];
  objective(theta, data, err);
  double s = 0;
  for (int i = 0; i < NE; i++) s += err[i] * err[i];
  return 0.5 * s;
}

static void make_data(HandData *d) {
  d->parents = {-1, 0, 1, 1};
  const double rest[NB][3] = {{0.1, -0.2, 0.05}, {0.3, 0.1, -0.1}, {-0.2, 0.25, 0.15}, {0.05, -0.3, 0.2}};
  const double offset[NB][3] = {{0, 0, 0}, {0, 1, 0}, {0.2, 0.9, 0.1}, {-0.3, 0.8, 0}};
  d->base_relatives.resize(NB);
  d->inverse_base_absolutes.resize(NB);
  std::vector<Matrix> abs(NB);
  for (int i = 0; i < NB; i++) {
    Matrix &b = d->base_relatives[i];
    euler_to_transform(rest[i], &b);
    for (int r = 0; r < 3; r++) b(r, 3) = offset[i][r];
    if (d->parents[i] == -1) abs[i] = b;
    else mat_mult(abs[d->parents[i]], b, &abs[i]);
    Matrix &inv = d->inverse_base_absolutes[i]; // rigid inverse: [R^T, -R^T t]
    inv = abs[i];
    for (int r = 0; r < 3; r++) {
      double s = 0;
      for (int c = 0; c < 3; c++) { inv(r, c) = abs[i](c, r); s += abs[i](c, r) * abs[i](c, 3); }
      inv(r, 3) = -s;
    }
  }
  const double verts[NV][3] = {{0.1, 0.2, 0}, {0.3, 1.1, -0.1}, {-0.2, 1.5, 0.2}, {0.4, 2.0, 0.1}, {-0.5, 1.8, -0.2}, {0, 0.6, 0.3}};
  const double w[NB][NV] = {{1, 0.2, 0, 0, 0, 0.7}, {0, 0.8, 0.3, 0.1, 0.2, 0.3}, {0, 0, 0.7, 0.9, 0, 0}, {0, 0, 0, 0, 0.8, 0}};
  d->base_positions = Matrix(4, NV);
  d->weights = Matrix(NB, NV);
  for (int v = 0; v < NV; v++) {
    for (int r = 0; r < 3; r++) d->base_positions(r, v) = verts[v][r];
    d->base_positions(3, v) = 1;
    for (int i = 0; i < NB; i++) d->weights(i, v) = w[i][v];
  }
  d->correspondences = {0, 2, 3, 4, 5};
  d->points = Matrix(3, NC);
  for (int c = 0; c < NC; c++)
    for (int r = 0; r < 3; r++) d->points(r, c) = verts[d->correspondences[c]][r] + 0.1 * std::sin(3.0 * c + r);
}

static int bad = 0;
static void check(const char *what, int i, int j, double got, double want) {
  if (!(std::fabs(got - want) <= 1e-5 * (1 + std::fabs(want)))) {
    bad++;
    printf("FAIL %s [%d,%d]: %.10g vs expected %.10g\n", what, i, j, got, want);
  }
}

int main() {
  HandData data;
  make_data(&data);
  double theta[NP], err[NE], J[NE][NP];
  for (int i = 0; i < NP; i++) theta[i] = 0.2 * std::sin(1.3 * i + 0.4) + (i < 3 ? 0.1 : 0);
  const double h = 1e-6;
  int total = 0;
  // Forward mode: one Jacobian column per unit direction, against central differences.
  for (int j = 0; j < NP; j++) {
    double dtheta[NP] = {0}, derr[NE] = {0}, ep[NE], em[NE];
    dtheta[j] = 1;
    __enzyme_fwddiff((void *)objective, enzyme_dup, theta, dtheta, enzyme_const, &data, enzyme_dupnoneed, err, derr);
    double t0 = theta[j];
    theta[j] = t0 + h; objective(theta, &data, ep);
    theta[j] = t0 - h; objective(theta, &data, em);
    theta[j] = t0;
    for (int i = 0; i < NE; i++) {
      J[i][j] = derr[i];
      check("jacobian", i, j, derr[i], (ep[i] - em[i]) / (2 * h));
      total++;
    }
  }
  // Reverse mode: gradient of 0.5*|err|^2, against J^T err and against central differences.
  objective(theta, &data, err);
  double gtheta[NP] = {0};
  __enzyme_autodiff((void *)loss, enzyme_dup, theta, gtheta, enzyme_const, &data);
  for (int j = 0; j < NP; j++) {
    double jte = 0;
    for (int i = 0; i < NE; i++) jte += J[i][j] * err[i];
    check("gradient vs J^T err", j, 0, gtheta[j], jte);
    double t0 = theta[j];
    theta[j] = t0 + h; double lp = loss(theta, &data);
    theta[j] = t0 - h; double lm = loss(theta, &data);
    theta[j] = t0;
    check("gradient vs fd", j, 0, gtheta[j], (lp - lm) / (2 * h));
    total += 2;
  }
  printf("hand: %d of %d derivatives wrong\n", bad, total);
  return bad != 0;
}
