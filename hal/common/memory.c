/* hal.load* / hal.store*: the TS kernel's window on memory outside its linear
 * memory (boot records, device registers through the direct map). Volatile so
 * MMIO accesses happen exactly as written. */
#include "nexus.h"

#define LOAD(name, t)                                                        \
  t name(struct Z_hal_instance_t *h, uint64_t a) {                           \
    (void)h;                                                                 \
    return *(volatile t *)(uintptr_t)a;                                      \
  }
#define STORE(name, t, vt)                                                   \
  void name(struct Z_hal_instance_t *h, uint64_t a, vt v) {                  \
    (void)h;                                                                 \
    *(volatile t *)(uintptr_t)a = (t)v;                                      \
  }

uint32_t Z_halZ_load8(struct Z_hal_instance_t *h, uint64_t a) { (void)h; return *(volatile uint8_t *)(uintptr_t)a; }
uint32_t Z_halZ_load16(struct Z_hal_instance_t *h, uint64_t a) { (void)h; return *(volatile uint16_t *)(uintptr_t)a; }
LOAD(Z_halZ_load32, uint32_t)
LOAD(Z_halZ_load64, uint64_t)
STORE(Z_halZ_store8, uint8_t, uint32_t)
STORE(Z_halZ_store16, uint16_t, uint32_t)
STORE(Z_halZ_store32, uint32_t, uint32_t)
STORE(Z_halZ_store64, uint64_t, uint64_t)
