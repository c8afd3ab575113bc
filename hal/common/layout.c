/* The "layout" imports (hal/layout.ts): the linker's section boundaries, for
 * the kernel's own page tables (text read+execute, rodata read-only, data
 * never executable) and its measurement, and the guard pages those tables
 * leave unmapped. */
#include "nexus.h"

extern char __kernel_start[], __text_end[], __rodata_start[], __rodata_end[], __data_start[], __kernel_end[];
extern char boot_stack_guard[], __lmem_guard[];

#define ADDRESS(name, symbol)                                                \
  uint64_t name(struct Z_layout_instance_t *h) {                             \
    (void)h;                                                                 \
    return (uint64_t)(uintptr_t)symbol;                                      \
  }
ADDRESS(Z_layoutZ_image_start, __kernel_start)
ADDRESS(Z_layoutZ_text_end, __text_end)
ADDRESS(Z_layoutZ_rodata_start, __rodata_start)
ADDRESS(Z_layoutZ_rodata_end, __rodata_end)
ADDRESS(Z_layoutZ_data_start, __data_start)
ADDRESS(Z_layoutZ_image_end, __kernel_end)
ADDRESS(Z_layoutZ_boot_stack_guard, boot_stack_guard)
ADDRESS(Z_layoutZ_linear_memory_guard, __lmem_guard)

/* Every page the kernel image leaves unmapped: the guard under the boot stack,
 * under the TS linear memory, and under each CPU's exception stack (x86_64
 * double-fault IST, riscv64 trap stack). */
static uint64_t guard(uint32_t i) {
  if (i == 0) return (uint64_t)(uintptr_t)boot_stack_guard;
  if (i == 1) return (uint64_t)(uintptr_t)__lmem_guard;
  return i - 2 < MAX_CPUS ? (uint64_t)(uintptr_t)exception_stacks[i - 2] : 0;
}

uint64_t Z_layoutZ_guard_page(struct Z_layout_instance_t *h, uint32_t i) {
  (void)h;
  return guard(i);
}

/* 0: none; 1 the boot stack's; 2 the linear memory's; 3 an exception stack's. */
int guard_page_hit(uint64_t addr) {
  for (uint32_t i = 0; guard(i); i++)
    if (addr >= guard(i) && addr < guard(i) + 4096) return i < 2 ? (int)i + 1 : 3;
  return 0;
}
