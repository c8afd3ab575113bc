/* The MMU probes (hal/mmu.ts): touch an address and report a page fault
 * instead of panicking, for the kernel's tests of its own page tables. The
 * probe routines (hal/<arch>/probe.S) set probe_recover to their recovery
 * point; the trap path resumes there on a page fault while it is set. */
#include "nexus.h"

uint64_t probe_recover;
uint64_t probe_fault_addr;

extern uint32_t probe_read(uint64_t addr);
extern uint32_t probe_write(uint64_t addr);
extern uint32_t probe_exec(uint64_t addr);

uint32_t Z_mmuZ_probe_read(struct Z_mmu_instance_t *h, uint64_t addr) {
  (void)h;
  probe_fault_addr = 0;
  return probe_read(addr);
}

uint32_t Z_mmuZ_probe_write(struct Z_mmu_instance_t *h, uint64_t addr) {
  (void)h;
  probe_fault_addr = 0;
  return probe_write(addr);
}

uint32_t Z_mmuZ_probe_execute(struct Z_mmu_instance_t *h, uint64_t addr) {
  (void)h;
  probe_fault_addr = 0;
  return probe_exec(addr);
}

uint64_t Z_mmuZ_probe_fault_address(struct Z_mmu_instance_t *h) {
  (void)h;
  return probe_fault_addr;
}
