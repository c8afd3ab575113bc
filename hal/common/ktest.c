/* The "ktest" imports (kernel/ktest/panic.ts): CPU faults TS cannot make, so
 * the panic tests can prove the panic path names each one. */
#include "nexus.h"

extern char __lmem_guard[];

static void recurse(int depth) {
  volatile uint8_t frame[512];
  frame[0] = (uint8_t)depth;
  if (depth >= 0) recurse(depth + 1); /* always: depth never wraps before the guard */
  frame[1] = frame[0];               /* after the call: no tail call */
}

void Z_ktestZ_null_read(struct Z_ktest_instance_t *h) { (void)h; (void)*(volatile uint64_t *)(uintptr_t)8; }
void Z_ktestZ_null_write(struct Z_ktest_instance_t *h) { (void)h; *(volatile uint64_t *)(uintptr_t)16 = 1; }
void Z_ktestZ_overflow_stack(struct Z_ktest_instance_t *h) { (void)h; recurse(0); }
void Z_ktestZ_write_heap_guard(struct Z_ktest_instance_t *h) { (void)h; *(volatile uint64_t *)(uintptr_t)__lmem_guard = 1; }
void Z_ktestZ_illegal_instruction(struct Z_ktest_instance_t *h) {
  (void)h;
#if defined(__x86_64__)
  __asm__ volatile("ud2");
#else
  __asm__ volatile(".word 0"); /* all zeros: illegal in every RISC-V encoding */
#endif
}
