/* Freestanding shim: -ffreestanding turns builtins off, so route the few
 * wasm2c needs to the compiler's builtins (which inline for small sizes) and
 * to the out-of-line versions in hal/common/wasm_rt.c. */
#pragma once
#include <stddef.h>
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
#define memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define memmove(d, s, n) __builtin_memmove((d), (s), (n))
#define memset(d, c, n) __builtin_memset((d), (c), (n))
