/* Cells in U-mode: a cell's context is a struct user_frame at the top of its
 * thread's kernel stack. While the cell runs, sscratch points at it, so
 * trap.S saves the cell's registers there; user_enter runs the cell from it.
 * The kernel never sets sstatus.SUM: it reads cell memory through the direct
 * map only (kernel/cell/uaccess.ts). The policy is TS: kernel/cell/. */
#include "nexus.h"

struct user_frame {
  uint64_t x[32];      /* x[n] is register xn; x[0] unused */
  uint64_t pc;         /* 256 */
  uint64_t kernel_sp;  /* 264: user_enter's stack */
  uint64_t kernel_tp;  /* 272: this CPU's record */
  uint64_t trap_stack; /* 280: sscratch for the kernel's own traps */
  uint64_t f[32];      /* 288 */
  uint64_t fcsr;       /* 544 */
  uint64_t pad;
};
_Static_assert(__builtin_offsetof(struct user_frame, f) == 288 && sizeof(struct user_frame) == 560, "trap.S offsets");

extern uint64_t user_enter(struct user_frame *f);
struct trap_frame;
void riscv_trap(struct trap_frame *f);


static struct user_frame *frame_of(uint32_t thread) {
  return (struct user_frame *)(uintptr_t)(thread_stack_top(thread) - sizeof(struct user_frame));
}

void arch_set_kernel_stack(uint64_t top) { (void)top; }

void Z_userZ_context_init(struct Z_user_instance_t *h, uint32_t thread, uint64_t pc, uint64_t sp) {
  (void)h;
  struct user_frame *f = frame_of(thread);
  __builtin_memset(f, 0, sizeof *f);
  f->pc = pc;
  f->x[2] = sp;
}

/* Argument 0 is the call number (a7); 1-6 the arguments a0-a5. */
uint64_t Z_userZ_arg(struct Z_user_instance_t *h, uint32_t thread, uint32_t i) {
  (void)h;
  const struct user_frame *f = frame_of(thread);
  return i == 0 ? f->x[17] : i < 7 ? f->x[9 + i] : 0;
}

void Z_userZ_result(struct Z_user_instance_t *h, uint32_t thread, uint32_t i, uint64_t v) {
  (void)h;
  if (i < 6) frame_of(thread)->x[10 + i] = v;
}

uint32_t Z_userZ_run(struct Z_user_instance_t *h, uint32_t thread) {
  (void)h;
  struct user_frame *f = frame_of(thread);
  bkl_unlock();
  uint64_t cause, stval;
  cause = user_enter(f);
  __asm__ volatile("csrr %0, stval" : "=r"(stval));
  if (cause >> 63) riscv_trap(0); /* an interrupt: the timer and the PLIC take the lock themselves */
  bkl_lock();
  uint64_t code = cause & 0xff;
  user_trap_record(f->pc, stval, code == 12 || code == 1 ? 2 : code == 15 || code == 7 || code == 6 ? 1 : 0, cause);
  if (cause >> 63) return USER_INTERRUPT;
  switch (code) {
  case 8: f->pc += 4; return USER_SYSCALL; /* ecall: resume after it */
  case 12: case 13: case 15: return USER_PAGE_FAULT;
  case 1: case 5: case 7: return USER_PROTECTION;
  case 2: return USER_ILLEGAL;
  case 3: return USER_BREAKPOINT;
  case 0: case 4: case 6: return USER_MISALIGNED;
  default: return USER_OTHER;
  }
}

/* No SMEP/SMAP bits to report: U-mode pages are out of the kernel's reach
 * because sstatus.SUM stays clear, and S-mode never executes U pages. */
