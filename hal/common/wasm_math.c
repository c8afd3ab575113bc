/* Rounding for wasm's f32/f64 floor, ceil, trunc and nearest. Values with
 * |x| >= 2^52 (2^23 for f32) are already integers, as are NaN and infinities. */
#include <math.h>
#include <stdint.h>

double trunc(double x) {
  if (!(__builtin_fabs(x) < 4503599627370496.0)) return x;
  return __builtin_copysign((double)(int64_t)x, x);
}
float truncf(float x) {
  if (!(__builtin_fabsf(x) < 8388608.0f)) return x;
  return __builtin_copysignf((float)(int32_t)x, x);
}
double floor(double x) { double t = trunc(x); return t > x ? t - 1.0 : t; }
float floorf(float x) { float t = truncf(x); return t > x ? t - 1.0f : t; }
double ceil(double x) { double t = trunc(x); return t < x ? __builtin_copysign(t + 1.0, x) : t; }
float ceilf(float x) { float t = truncf(x); return t < x ? __builtin_copysignf(t + 1.0f, x) : t; }

/* Round half to even, as wasm's nearest requires. */
double nearbyint(double x) {
  if (!(__builtin_fabs(x) < 4503599627370496.0)) return x;
  double r = __builtin_fabs(x) + 4503599627370496.0 - 4503599627370496.0;
  return __builtin_copysign(r, x);
}
float nearbyintf(float x) {
  if (!(__builtin_fabsf(x) < 8388608.0f)) return x;
  volatile float big = 8388608.0f; /* volatile: keep the add-then-subtract rounding */
  float r = __builtin_fabsf(x) + big - big;
  return __builtin_copysignf(r, x);
}
double rint(double x) { return nearbyint(x); }
float rintf(float x) { return nearbyintf(x); }
double fmin(double a, double b) { return a < b ? a : b; }
float fminf(float a, float b) { return a < b ? a : b; }
double fmax(double a, double b) { return a > b ? a : b; }
float fmaxf(float a, float b) { return a > b ? a : b; }
