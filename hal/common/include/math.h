/* Freestanding shim: the math wasm2c output needs. The rounding functions are
 * in hal/common/wasm_math.c because the baseline x86_64 CPU has no SSE4.1
 * roundsd, so clang would call them anyway. */
#pragma once
#define INFINITY __builtin_inff()
#define NAN __builtin_nanf("")
#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)
#define signbit(x) __builtin_signbit(x)
#define fabs(x) __builtin_fabs(x)
#define fabsf(x) __builtin_fabsf(x)
#define sqrt(x) __builtin_sqrt(x)
#define sqrtf(x) __builtin_sqrtf(x)
#define copysign(x, y) __builtin_copysign((x), (y))
#define copysignf(x, y) __builtin_copysignf((x), (y))
double floor(double); float floorf(float);
double ceil(double); float ceilf(float);
double trunc(double); float truncf(float);
double nearbyint(double); float nearbyintf(float);
double rint(double); float rintf(float);
double fmin(double, double); float fminf(float, float);
double fmax(double, double); float fmaxf(float, float);
