/* What the last trap from a cell on each CPU was, for hal.user_fault: the
 * architectures' run_user (hal/<arch>/user.c) record it as they return. */
#include "nexus.h"

static uint64_t trap_pc[MAX_CPUS], trap_addr[MAX_CPUS], trap_access[MAX_CPUS], trap_code[MAX_CPUS];

void user_trap_record(uint64_t pc, uint64_t addr, uint32_t access, uint64_t code) {
  uint32_t c = this_cpu()->index;
  trap_pc[c] = pc;
  trap_addr[c] = addr;
  trap_access[c] = access;
  trap_code[c] = code;
}

/* 0 pc, 1 address, 2 access (0 read, 1 write, 2 fetch), 3 the architecture's code. */
uint64_t Z_halZ_user_fault(struct Z_hal_instance_t *h, uint32_t which) {
  (void)h;
  uint32_t c = this_cpu()->index;
  return which == 0 ? trap_pc[c] : which == 1 ? trap_addr[c] : which == 2 ? trap_access[c] : trap_code[c];
}
