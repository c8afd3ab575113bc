/* The "memory" imports (hal/memory.ts): the TS kernel's window on memory
 * outside its linear memory (boot records, device registers and cell frames
 * through the direct map), and copies between kernel virtual addresses and
 * the linear memory. Loads and stores are volatile, so MMIO accesses happen
 * exactly as written. */
#include "nexus.h"
#include <string.h>

#define LOAD(name, t)                                                        \
  uint64_t name(struct Z_memory_instance_t *h, uint64_t a) {                 \
    (void)h;                                                                 \
    return *(volatile t *)(uintptr_t)a;                                      \
  }
#define LOAD32(name, t)                                                      \
  uint32_t name(struct Z_memory_instance_t *h, uint64_t a) {                 \
    (void)h;                                                                 \
    return *(volatile t *)(uintptr_t)a;                                      \
  }
#define STORE(name, t, vt)                                                   \
  void name(struct Z_memory_instance_t *h, uint64_t a, vt v) {               \
    (void)h;                                                                 \
    *(volatile t *)(uintptr_t)a = (t)v;                                      \
  }

LOAD32(Z_memoryZ_load8, uint8_t)
LOAD32(Z_memoryZ_load16, uint16_t)
LOAD32(Z_memoryZ_load32, uint32_t)
LOAD(Z_memoryZ_load64, uint64_t)
STORE(Z_memoryZ_store8, uint8_t, uint32_t)
STORE(Z_memoryZ_store16, uint16_t, uint32_t)
STORE(Z_memoryZ_store32, uint32_t, uint32_t)
STORE(Z_memoryZ_store64, uint64_t, uint64_t)

/* A copy that would leave the linear memory is a kernel bug, not bad input:
 * TS checks the module's or the cell's bounds itself and passes its own
 * buffers. */
static uint8_t *linear(uint32_t at, uint32_t len) {
  const wasm_rt_memory_t *m = &kernel_instance.w2c_memory;
  if ((uint64_t)at + len > m->size) panic_str("hal: copy to or from the linear memory out of bounds");
  return m->data + at;
}

/* Into the linear memory from a kernel virtual address (a boot module, a
 * cell's frame through the direct map), and out of it to one. */
void Z_memoryZ_copy_in(struct Z_memory_instance_t *h, uint32_t dst, uint64_t src, uint32_t len) {
  (void)h;
  memcpy(linear(dst, len), (const void *)(uintptr_t)src, len);
}

void Z_memoryZ_copy_out(struct Z_memory_instance_t *h, uint64_t dst, uint32_t src, uint32_t len) {
  (void)h;
  memcpy((void *)(uintptr_t)dst, linear(src, len), len);
}

/* Between kernel virtual addresses (a module's image to a cell's frame). */
void Z_memoryZ_copy(struct Z_memory_instance_t *h, uint64_t dst, uint64_t src, uint64_t len) {
  (void)h;
  memmove((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, len);
}

void Z_memoryZ_fill(struct Z_memory_instance_t *h, uint64_t dst, uint32_t v, uint64_t len) {
  (void)h;
  memset((void *)(uintptr_t)dst, (int)v, len);
}
