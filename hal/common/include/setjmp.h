/* Freestanding shim: wasm-rt.h names jmp_buf for exception handling, which the
 * kernel does not use (a trap is a panic, never unwound). */
#pragma once
typedef long jmp_buf[32];
int setjmp(jmp_buf env);
_Noreturn void longjmp(jmp_buf env, int val);
