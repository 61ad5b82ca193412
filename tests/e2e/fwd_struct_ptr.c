/* Struct with double fields (and an int) passed by pointer, read and updated. */
#include "check.h"

typedef struct {
  double x, y, vx, vy;
  int id;
} Particle;

LLAD_NOINLINE double energy(const Particle *p) {
  return 0.5 * (p->vx * p->vx + p->vy * p->vy) + 9.81 * p->y + 0.1 * p->x * p->y * p->id;
}

LLAD_NOINLINE void step(Particle *p, double dt) {
  p->x += dt * p->vx;
  p->y += dt * p->vy;
  p->vy -= dt * 9.81 * p->x;
}

int main(void) {
  Particle p = {1.0, 2.0, 0.5, -1.5, 3}, dp = {0.2, -0.4, 1.0, 0.5, 0};
  Particle pp = {1.0 + FD_H * 0.2, 2.0 - FD_H * 0.4, 0.5 + FD_H, -1.5 + FD_H * 0.5, 3};
  Particle pm = {1.0 - FD_H * 0.2, 2.0 + FD_H * 0.4, 0.5 - FD_H, -1.5 - FD_H * 0.5, 3};
  double an = p.vx * dp.vx + p.vy * dp.vy + 9.81 * dp.y + 0.3 * (dp.x * p.y + p.x * dp.y);
  CHECK_DERIV("struct_ptr.denergy", __enzyme_fwddiff((void *)energy, enzyme_dup, &p, &dp), an,
              (energy(&pp) - energy(&pm)) / (2.0 * FD_H));

  /* step(): struct updated in place, dt active */
  double dt = 0.1, ddt = 1.0, h = FD_H;
  double nx = p.x + dt * p.vx, dnx = dp.x + ddt * p.vx + dt * dp.vx;
  double ny = p.y + dt * p.vy, dny = dp.y + ddt * p.vy + dt * dp.vy;
  double nvy = p.vy - dt * 9.81 * nx, dnvy = dp.vy - 9.81 * (ddt * nx + dt * dnx);
  Particle sp = pp, sm = pm;
  step(&sp, dt + h);
  step(&sm, dt - h);
  __enzyme_fwddiff_v((void *)step, enzyme_dup, &p, &dp, dt, ddt);
  CHECK_DERIV("struct_ptr.step.dx", dp.x, dnx, (sp.x - sm.x) / (2.0 * h));
  CHECK_DERIV("struct_ptr.step.dy", dp.y, dny, (sp.y - sm.y) / (2.0 * h));
  CHECK_DERIV("struct_ptr.step.dvx", dp.vx, 1.0, (sp.vx - sm.vx) / (2.0 * h));
  CHECK_DERIV("struct_ptr.step.dvy", dp.vy, dnvy, (sp.vy - sm.vy) / (2.0 * h));
  CHECK_CLOSE("struct_ptr.step.x.primal", p.x, nx, 1e-12);
  CHECK_CLOSE("struct_ptr.step.y.primal", p.y, ny, 1e-12);
  CHECK_CLOSE("struct_ptr.step.vy.primal", p.vy, nvy, 1e-12);
  CHECK_CLOSE("struct_ptr.step.id.primal_untouched", p.id, 3, 0.0);
  return llad_report();
}
