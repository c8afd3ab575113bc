/* Several CPUs, one TS kernel: the per-CPU records, the big kernel lock, the
 * TLB shootdown protocol, and where a secondary CPU enters C. The policy
 * (which CPUs, which threads where) is TS: kernel/cpu/smp.ts, kernel/sched/sched.ts.
 *
 * The lock: every TS function runs in one wasm2c instance (one heap, one set
 * of globals), so TS runs on one CPU at a time, as seL4 does on SMP. A CPU
 * holds the lock from the moment it enters TS until it halts for an
 * interrupt (cpu.wait_for_interrupt) or hands over at a scheduling point.
 * What belongs to the running TS code but lives in C (wasm2c's call depth,
 * the TS shadow stack pointer) is saved per CPU when the lock changes hands. */
#include "nexus.h"

struct cpu cpus[MAX_CPUS];
uint8_t exception_stacks[MAX_CPUS][4096 + EXCEPTION_STACK] __attribute__((aligned(4096)));

static volatile uint32_t bkl_next, bkl_serving; /* a ticket lock: first come, first served */
static volatile int32_t bkl_owner = -1;
static volatile uint64_t tlb_gen;             /* bumped by every shootdown */

extern uint32_t wasm_rt_call_stack_depth;

static inline void cpu_relax(void) {
#if defined(__x86_64__)
  __asm__ volatile("pause" ::: "memory");
#else
  __asm__ volatile("nop" ::: "memory");
#endif
}

int bkl_held(void) { return bkl_owner == (int32_t)this_cpu()->index; }

/* Waiting for the lock: spin a little, then park until the CPU before us
 * kicks us. Parking matters most where CPUs are threads of an emulator
 * sharing fewer host cores: a spinning waiter takes the core the holder needs.
 * Parked, the CPU takes IPIs only (arch_park), so no TS handler runs before
 * it has the lock. Waiter and unlocker each write, then read the other's
 * word (sequentially consistent), so a kick is never lost. */
#define SPINS_BEFORE_PARKING 200

static void wait_for_ticket(struct cpu *c, uint32_t ticket) {
  for (int spins = 0;; spins++) {
    if (__atomic_load_n(&bkl_serving, __ATOMIC_ACQUIRE) == ticket) return;
    if (spins < SPINS_BEFORE_PARKING) { cpu_relax(); continue; }
    __atomic_store_n(&c->parked, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&bkl_serving, __ATOMIC_SEQ_CST) != ticket) arch_park();
    __atomic_store_n(&c->parked, 0, __ATOMIC_RELAXED);
  }
}

static void kick_next(uint32_t serving) {
  for (int i = 0; i < MAX_CPUS; i++) {
    struct cpu *c = &cpus[i];
    if (c->state == CPU_WAITING && c->ticket == serving && __atomic_load_n(&c->parked, __ATOMIC_SEQ_CST)) {
      arch_send_ipi(c, IPI_WAKE);
      return;
    }
  }
}

void bkl_lock(void) {
  struct cpu *c = this_cpu();
  c->state = CPU_WAITING;
  uint32_t ticket = __atomic_fetch_add(&bkl_next, 1, __ATOMIC_RELAXED);
  c->ticket = ticket;
  wait_for_ticket(c, ticket);
  bkl_owner = (int32_t)c->index;
  c->state = CPU_IN_KERNEL;
  /* A shootdown that did not wait for us (we were waiting here) is honoured now. */
  uint64_t gen = __atomic_load_n(&tlb_gen, __ATOMIC_ACQUIRE);
  if (c->tlb_seen != gen) {
    arch_flush_tlb_all();
    c->tlb_seen = gen;
  }
  wasm_rt_call_stack_depth = c->saved_depth;
  shadow_sp_restore(c->saved_shadow_sp);
}

void bkl_unlock(void) {
  struct cpu *c = this_cpu();
  c->saved_depth = wasm_rt_call_stack_depth;
  c->saved_shadow_sp = shadow_sp_save();
  bkl_owner = -1;
  c->state = CPU_OUTSIDE;
  uint32_t next = bkl_serving + 1;
  __atomic_store_n(&bkl_serving, next, __ATOMIC_SEQ_CST);
  if (next != __atomic_load_n(&bkl_next, __ATOMIC_RELAXED)) kick_next(next);
}

/* Called from the trap path with interrupts off. */
void ipi_received(enum ipi_kind kind) {
  if (kind != IPI_TLB) return; /* a wake-up only ends the halt */
  struct cpu *c = this_cpu();
  uint64_t gen = __atomic_load_n(&tlb_gen, __ATOMIC_ACQUIRE);
  arch_flush_tlb_all();
  __atomic_store_n(&c->tlb_seen, gen, __ATOMIC_RELEASE);
}

/* First C code on a secondary CPU, on its idle thread's stack. */
_Noreturn void ap_main(struct cpu *c) {
  arch_init_cpu(c);
  c->arrived = 1;
  bkl_lock();
  Z_kernelZ_cpuMain(&kernel_instance, c->index);
  panic_str("cpuMain returned");
}

/* The imports of hal/cpu.ts (index), hal/smp.ts and hal/mmu.ts (tlb_shootdown). */
uint32_t Z_cpuZ_index(struct Z_cpu_instance_t *h) {
  (void)h;
  return this_cpu()->index;
}

uint64_t Z_smpZ_prepare(struct Z_smp_instance_t *h, uint32_t index, uint32_t hw_id, uint64_t stack_top, uint32_t shadow_top) {
  (void)h;
  if (index == 0 || index >= MAX_CPUS) panic_str("cpu_prepare: cpu index out of range");
  struct cpu *c = &cpus[index];
  c->self = c;
  c->index = index;
  c->hw_id = hw_id;
  c->boot_root = arch_current_root();
  c->boot_stack = stack_top & ~15ull;
  c->state = CPU_OFFLINE;
  c->arrived = 0;
  c->tlb_seen = tlb_gen;
  c->saved_shadow_sp = shadow_top; /* its idle thread's, where its first TS call starts */
  return (uint64_t)(uintptr_t)c;
}

uint32_t Z_smpZ_shadow_sp(struct Z_smp_instance_t *h, uint32_t index) {
  (void)h;
  return index < MAX_CPUS ? cpus[index].saved_shadow_sp : 0;
}

uint32_t Z_smpZ_arrived(struct Z_smp_instance_t *h, uint32_t index) {
  (void)h;
  return index < MAX_CPUS ? cpus[index].arrived : 0;
}

void Z_smpZ_set_hw_id(struct Z_smp_instance_t *h, uint32_t index, uint32_t hw_id) {
  (void)h;
  if (index < MAX_CPUS) cpus[index].hw_id = hw_id;
}

void Z_smpZ_send_wake(struct Z_smp_instance_t *h, uint32_t index) {
  (void)h;
  if (index < MAX_CPUS && cpus[index].arrived) arch_send_ipi(&cpus[index], IPI_WAKE);
}

/* Let CPUs waiting for the lock in before this one goes on. */
void Z_smpZ_bkl_relax(struct Z_smp_instance_t *h) {
  (void)h;
  if (__atomic_load_n(&bkl_next, __ATOMIC_RELAXED) - bkl_serving <= 1) return;
  bkl_unlock();
  bkl_lock();
}

/* Page-table entries changed for `pages` pages from `va` (the caller holds the
 * lock and has written them): flush them here and make sure no other CPU
 * keeps an old translation. One round of IPIs however many pages. CPUs
 * halted or outside the kernel get an IPI and acknowledge by flushing; CPUs
 * waiting for the lock flush when they get it (bkl_lock), so waiting for them
 * would deadlock and is not needed. */
void Z_mmuZ_tlb_shootdown(struct Z_mmu_instance_t *h, uint64_t va, uint32_t pages) {
  (void)h;
  struct cpu *me = this_cpu();
  if (pages > 32) arch_flush_tlb_all();
  else for (uint32_t i = 0; i < pages; i++) arch_flush_tlb_page(va + (uint64_t)i * 4096);
  uint64_t gen = __atomic_add_fetch(&tlb_gen, 1, __ATOMIC_ACQ_REL);
  me->tlb_seen = gen;
  for (int i = 0; i < MAX_CPUS; i++) {
    struct cpu *c = &cpus[i];
    if (c != me && c->arrived && c->state == CPU_OUTSIDE) arch_send_ipi(c, IPI_TLB);
  }
  for (int i = 0; i < MAX_CPUS; i++) {
    struct cpu *c = &cpus[i];
    if (c == me || !c->arrived) continue;
    while (__atomic_load_n(&c->tlb_seen, __ATOMIC_ACQUIRE) < gen && c->state != CPU_WAITING) cpu_relax();
  }
}
