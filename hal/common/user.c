/* What the last trap from a cell on each CPU was, for user.fault_*: the
 * architectures' user.run (hal/<arch>/user.c) record it as they return. */
#include "nexus.h"

static uint64_t trap_pc[MAX_CPUS], trap_addr[MAX_CPUS], trap_access[MAX_CPUS], trap_code[MAX_CPUS];

void user_trap_record(uint64_t pc, uint64_t addr, uint32_t access, uint64_t code) {
  uint32_t c = this_cpu()->index;
  trap_pc[c] = pc;
  trap_addr[c] = addr;
  trap_access[c] = access;
  trap_code[c] = code;
}

uint64_t Z_userZ_fault_pc(struct Z_user_instance_t *h) { (void)h; return trap_pc[this_cpu()->index]; }
uint64_t Z_userZ_fault_address(struct Z_user_instance_t *h) { (void)h; return trap_addr[this_cpu()->index]; }
/* 0 read, 1 write, 2 fetch. */
uint32_t Z_userZ_fault_access(struct Z_user_instance_t *h) { (void)h; return (uint32_t)trap_access[this_cpu()->index]; }
uint64_t Z_userZ_fault_code(struct Z_user_instance_t *h) { (void)h; return trap_code[this_cpu()->index]; }
