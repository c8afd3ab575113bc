/* The registers trap.S saves on every trap, in this order (the last five the
 * CPU pushes). A cell's context has the same shape (hal/x86_64/user.c). */
#pragma once
#include <stdint.h>

struct trap_frame {
  uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
  uint64_t vector, error, rip, cs, rflags, rsp, ss;
};
void x86_exception(struct trap_frame *f);
