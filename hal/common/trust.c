/* The trust code's window on what TS cannot reach itself: boot modules
 * outside the linear memory (hal.copy_in), and the keys and minimum initrd
 * version fixed at build time (hal.trusted_key, hal.initrd_min_version; the
 * build generates trust_keys.c from the signing key, scripts/gen-trust-keys.sh),
 * and the copies that load cells and pass system-call buffers. */
#include "nexus.h"
#include <string.h>

extern const uint8_t nexus_trusted_keys[][32];
extern const uint32_t nexus_trusted_key_count;
extern const uint64_t nexus_initrd_min_version;

/* A copy that would leave the linear memory is a kernel bug, not bad input:
 * TS checks the module's bounds itself and passes its own buffers. */
static uint8_t *linear(uint32_t dst, uint32_t len) {
  const wasm_rt_memory_t *m = &kernel_instance.w2c_memory;
  if ((uint64_t)dst + len > m->size) panic_str("hal: copy into the linear memory out of bounds");
  return m->data + dst;
}

void Z_halZ_copy_in(struct Z_hal_instance_t *h, uint32_t dst, uint64_t src, uint32_t len) {
  (void)h;
  memcpy(linear(dst, len), (const void *)(uintptr_t)src, len);
}

/* Copies for cells (kernel/cell/): kernel virtual address to kernel virtual
 * address (a module's image to a cell's frame, through the direct map), and
 * from the linear memory out to one. The TS caller has checked the ranges. */
void Z_halZ_copy_out(struct Z_hal_instance_t *h, uint64_t dst, uint32_t src, uint32_t len) {
  (void)h;
  memcpy((void *)(uintptr_t)dst, linear(src, len), len);
}

void Z_halZ_copy_bytes(struct Z_hal_instance_t *h, uint64_t dst, uint64_t src, uint64_t len) {
  (void)h;
  memmove((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, len);
}

void Z_halZ_fill_bytes(struct Z_hal_instance_t *h, uint64_t dst, uint32_t v, uint64_t len) {
  (void)h;
  memset((void *)(uintptr_t)dst, (int)v, len);
}

uint32_t Z_halZ_trusted_key(struct Z_hal_instance_t *h, uint32_t i, uint32_t dst) {
  (void)h;
  if (i >= nexus_trusted_key_count) return 0;
  memcpy(linear(dst, 32), nexus_trusted_keys[i], 32);
  return 1;
}

uint64_t Z_halZ_initrd_min_version(struct Z_hal_instance_t *h) {
  (void)h;
  return nexus_initrd_min_version;
}
