/* Freestanding shim: wasm2c output includes <assert.h>; the kernel has no assert. */
#pragma once
#define assert(x) ((void)0)
