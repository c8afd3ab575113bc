/* The "trust" imports (kernel/trust/keys.ts): the keys and the minimum
 * initrd version fixed at build time, which the build writes into
 * trust_keys.c from the signing key (scripts/gen-trust-keys.sh). */
#include "nexus.h"
#include <string.h>

extern const uint8_t nexus_trusted_keys[][32];
extern const uint32_t nexus_trusted_key_count;
extern const uint64_t nexus_initrd_min_version;

uint32_t Z_trustZ_trusted_key(struct Z_trust_instance_t *h, uint32_t i, uint32_t dst) {
  (void)h;
  if (i >= nexus_trusted_key_count) return 0;
  const wasm_rt_memory_t *m = &kernel_instance.w2c_memory;
  if ((uint64_t)dst + 32 > m->size) panic_str("hal: trusted key copied out of the linear memory");
  memcpy(m->data + dst, nexus_trusted_keys[i], 32);
  return 1;
}

uint64_t Z_trustZ_initrd_min_version(struct Z_trust_instance_t *h) {
  (void)h;
  return nexus_initrd_min_version;
}
