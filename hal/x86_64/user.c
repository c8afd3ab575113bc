/* Cells in ring 3: a cell's context is a struct trap_frame (cpu.c) at the
 * top of its thread's kernel stack, with its SSE state in the 512 bytes
 * below; trap.S saves into it on every trap from ring 3 and user_enter runs
 * the cell from it. The policy (what a trap means) is TS: kernel/cell/. */
#include "nexus.h"
#include "trap.h"

_Static_assert(sizeof(struct trap_frame) % 16 == 0, "fxsave area below the frame must be 16-aligned");

extern uint64_t user_enter(struct trap_frame *f);


static struct trap_frame *frame_of(uint32_t thread) {
  return (struct trap_frame *)(uintptr_t)(thread_stack_top(thread) - sizeof(struct trap_frame));
}

void Z_userZ_context_init(struct Z_user_instance_t *h, uint32_t thread, uint64_t pc, uint64_t sp) {
  (void)h;
  struct trap_frame *f = frame_of(thread);
  uint8_t *fx = (uint8_t *)f - 512;
  __builtin_memset(fx, 0, 512 + sizeof *f);
  *(uint16_t *)fx = 0x037f;          /* x87 control word: the reset value */
  *(uint32_t *)(fx + 24) = 0x1f80;   /* MXCSR: all exceptions masked */
  f->rip = pc;
  f->rsp = sp;
  f->cs = 0x23;
  f->ss = 0x1b;
  f->rflags = 0x202; /* interrupts on: the timer takes a runaway cell back */
}

/* Argument 0 is the call number; 1-6 the arguments (docs/syscalls.md). */
uint64_t Z_userZ_arg(struct Z_user_instance_t *h, uint32_t thread, uint32_t i) {
  (void)h;
  const struct trap_frame *f = frame_of(thread);
  const uint64_t v[7] = {f->rax, f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9};
  return i < 7 ? v[i] : 0;
}

void Z_userZ_result(struct Z_user_instance_t *h, uint32_t thread, uint32_t i, uint64_t v) {
  (void)h;
  struct trap_frame *f = frame_of(thread);
  uint64_t *r[6] = {&f->rax, &f->rdi, &f->rsi, &f->rdx, &f->r10, &f->r8};
  if (i < 6) *r[i] = v;
}

/* Run the cell until something needs the kernel: the lock is free while it
 * runs. An interrupt is handled as in the kernel (hal/x86_64/cpu.c) and
 * then reported, so TS may preempt the cell or act on a wake-up. */
uint32_t Z_userZ_run(struct Z_user_instance_t *h, uint32_t thread) {
  (void)h;
  struct trap_frame *f = frame_of(thread);
  arch_set_kernel_stack(thread_stack_top(thread));
  bkl_unlock();
  uint64_t v;
  do {
    v = user_enter(f);
    if (v >= 32 && v != 0x80) x86_exception(f); /* an interrupt: the timer and devices take the lock themselves */
  } while (v == 255); /* spurious: nothing to tell */
  uint64_t cr2;
  __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
  bkl_lock();
  user_trap_record(f->rip, v == 14 ? cr2 : f->rip, v != 14 ? 2 : (f->error & 16) ? 2 : (f->error & 2) ? 1 : 0, v);
  switch (v) {
  case 0x80: return USER_SYSCALL;
  case 32: return USER_INTERRUPT;
  case 14: return USER_PAGE_FAULT;
  case 6: return USER_ILLEGAL;
  case 10: case 11: case 12: case 13: return USER_PROTECTION;
  case 3: return USER_BREAKPOINT;
  case 17: return USER_MISALIGNED;
  case 0: case 16: case 19: return USER_ARITHMETIC;
  default: return v >= 32 ? USER_INTERRUPT : USER_OTHER;
  }
}
