/* hal.kernel_layout: the linker's section boundaries, for the kernel's own
 * page tables (text read+execute, rodata read-only, data never executable). */
#include "nexus.h"

extern char __kernel_start[], __text_end[], __rodata_start[], __data_start[], __kernel_end[], __rodata_end[];
extern char boot_stack_guard[], __lmem_guard[];

uint64_t Z_halZ_kernel_layout(struct Z_hal_instance_t *h, uint32_t which) {
  (void)h;
  const char *const at[] = {__kernel_start, __text_end, __rodata_start, __data_start, __kernel_end, boot_stack_guard, __lmem_guard, __rodata_end};
  return which < sizeof at / sizeof *at ? (uint64_t)(uintptr_t)at[which] : 0;
}

/* Every page the kernel image leaves unmapped: the guard under the boot stack,
 * under the TS linear memory, and under each CPU's exception stack (x86_64
 * double-fault IST, riscv64 trap stack). */
static uint64_t guard(uint32_t i) {
  if (i == 0) return (uint64_t)(uintptr_t)boot_stack_guard;
  if (i == 1) return (uint64_t)(uintptr_t)__lmem_guard;
  return i - 2 < MAX_CPUS ? (uint64_t)(uintptr_t)exception_stacks[i - 2] : 0;
}

uint64_t Z_halZ_guard_page(struct Z_hal_instance_t *h, uint32_t i) {
  (void)h;
  return guard(i);
}

/* 0: none; 1 the boot stack's; 2 the linear memory's; 3 an exception stack's. */
int guard_page_hit(uint64_t addr) {
  for (uint32_t i = 0; guard(i); i++)
    if (addr >= guard(i) && addr < guard(i) + 4096) return i < 2 ? (int)i + 1 : 3;
  return 0;
}

void overflow_stack(int depth) {
  volatile uint8_t frame[512];
  frame[0] = (uint8_t)depth;
  if (depth >= 0) overflow_stack(depth + 1); /* always: depth never wraps before the guard */
  frame[1] = frame[0]; /* after the call: no tail call */
}

/* The fault probes (hal/<arch>/probe.S) set this to their recovery point; a
 * page fault while it is set resumes there instead of panicking. */
uint64_t probe_recover;
uint64_t probe_fault_addr;

uint64_t Z_halZ_probe_fault_address(struct Z_hal_instance_t *h) {
  (void)h;
  return probe_fault_addr;
}

extern uint32_t probe_read(uint64_t addr);
extern uint32_t probe_write(uint64_t addr);
extern uint32_t probe_exec(uint64_t addr);

uint32_t Z_halZ_probe(struct Z_hal_instance_t *h, uint32_t kind, uint64_t addr) {
  (void)h;
  probe_fault_addr = 0;
  return kind == 0 ? probe_read(addr) : kind == 1 ? probe_write(addr) : probe_exec(addr);
}
