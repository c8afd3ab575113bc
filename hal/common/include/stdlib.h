/* Freestanding shim for wasm2c output. abort() is the kernel panic. */
#pragma once
#include <stddef.h>
_Noreturn void abort(void);
