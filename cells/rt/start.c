/* The user runtime of a cell: what the wasm2c output of cells/<role>/<name>/main.ts
 * needs in user mode, where the only way out is a system call
 * (docs/syscalls.md; the contract is in cells/README.md). */
#include <stdarg.h>
#include <string.h>
#include "cell.h"      /* generated: wasm2c -n cell */
#include "constants.h" /* generated from abi/ (scripts/gen-constants.ts): SYS_*, WASM_TRAP_*, LINEAR_BASE, ... */

struct Z_env_instance_t; /* the import modules: their instances carry nothing */
struct Z_sys_instance_t;

int64_t nx_syscall(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
uint64_t nx_sysres[6]; /* r0-r5 of the last call, stored by syscall.S */
uint32_t wasm_rt_call_stack_depth;
static Z_cell_instance_t cell;
static wasm_rt_memory_t *lmem;

void wasm_rt_trap(wasm_rt_trap_t code) {
  for (;;) nx_syscall(SYS_TRAP, code, 0, 0, 0, 0, 0);
}
_Noreturn void abort(void) { wasm_rt_trap(WASM_TRAP_ABORT); }

_Noreturn void cell_start(void) { /* from _start */
  Z_cell_init_module();
  Z_cell_instantiate(&cell CELL_IMPORTS); /* a 0 per import module (Makefile) */
  Z_cellZ_main(&cell);
  nx_syscall(SYS_EXIT, 0, 0, 0, 0, 0, 0);
  __builtin_trap();
}

/* Every page in bounds is mapped, so the generated bounds checks are the only
 * way an access can fail. map = 0 (sys.reserve) leaves the new pages for the
 * TS side to map a shared region into (cells/lib/sys.ts mapShared). */
static uint32_t grow(wasm_rt_memory_t *m, uint32_t delta, int map) {
  uint32_t old = m->pages;
  if (delta > m->max_pages - old) return (uint32_t)-1;
  if (map && delta && nx_syscall(SYS_MAP, MAP_ANON, LINEAR_BASE + old * 65536ull, delta * 16ull, PROT_READ | PROT_WRITE, 0, 0) < 0)
    return (uint32_t)-1;
  m->pages = old + delta;
  m->size = m->pages * 65536u;
  return old;
}
void wasm_rt_allocate_memory(wasm_rt_memory_t *m, uint32_t initial, uint32_t max) {
  lmem = m;
  m->data = (uint8_t *)LINEAR_BASE;
  m->pages = m->size = 0;
  m->max_pages = max < LINEAR_MAX_PAGES ? max : LINEAR_MAX_PAGES;
  if (grow(m, initial, 1) != 0) wasm_rt_trap(WASM_TRAP_NO_MEMORY);
}
uint32_t wasm_rt_grow_memory(wasm_rt_memory_t *m, uint32_t delta) { return grow(m, delta, 1); }
void wasm_rt_free_memory(wasm_rt_memory_t *m) { (void)m; }

/* Tables (call_indirect) come from a static pool and never grow. */
static wasm_rt_funcref_t table_pool[512];
static uint32_t table_used;
void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t *t, uint32_t n, uint32_t max) {
  if (n > 512 - table_used) wasm_rt_trap(WASM_TRAP_TABLE_FULL);
  t->data = table_pool + table_used;
  t->size = t->max_size = n;
  table_used += n;
  (void)max;
}
void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t *t) { (void)t; }

/* call_indirect compares these numbers: equal signatures must get equal ones.
 * A signature packs into a key: the counts, then 3 bits per type. */
static uint64_t sigs[64];
static uint32_t nsigs;
uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  if (params > 31 || results > 31 || params + results > 18) wasm_rt_trap(WASM_TRAP_TABLE_FULL);
  uint64_t key = params | results << 5;
  va_list ap;
  va_start(ap, results);
  for (uint32_t i = 0; i < params + results; i++) key |= (uint64_t)va_arg(ap, int) << (10 + 3 * i);
  va_end(ap);
  for (uint32_t k = 0; k < nsigs; k++)
    if (sigs[k] == key) return k + 1;
  if (nsigs == 64) wasm_rt_trap(WASM_TRAP_TABLE_FULL);
  sigs[nsigs] = key;
  return ++nsigs;
}

/* The imports of cells/lib/sys.ts. */
u64 Z_sysZ_call(struct Z_sys_instance_t *s, u32 n, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5) {
  (void)s;
  return (u64)nx_syscall(n, a0, a1, a2, a3, a4, a5);
}
u64 Z_sysZ_call_raw(struct Z_sys_instance_t *s, u64 n, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5) {
  (void)s;
  return (u64)nx_syscall(n, a0, a1, a2, a3, a4, a5);
}
u64 Z_sysZ_result(struct Z_sys_instance_t *s, u32 i) { (void)s; return i < 6 ? nx_sysres[i] : 0; }
u32 Z_sysZ_reserve(struct Z_sys_instance_t *s, u32 delta) { (void)s; return grow(lmem, delta, 0); }
/* wasm2c 1.0.32 cannot translate wasm atomics: shared memory is ordered here. */
static uint32_t *word(uint32_t off) {
  if ((off & 3) || off + 4ull > lmem->size) wasm_rt_trap(WASM_RT_TRAP_OOB);
  return (uint32_t *)(lmem->data + off);
}
u32 Z_sysZ_load_acquire(struct Z_sys_instance_t *s, u32 off) { (void)s; return __atomic_load_n(word(off), __ATOMIC_ACQUIRE); }
void Z_sysZ_store_release(struct Z_sys_instance_t *s, u32 off, u32 v) { (void)s; __atomic_store_n(word(off), v, __ATOMIC_RELEASE); }

/* AS's abort(msg, file, line, col): "abort: MSG FILE:LINE" on console slot 0
 * (if the cell holds a console there), then trap 100. AS strings are UTF-16,
 * their byte length at ptr - 4; all but printable ASCII shows as '?'. */
static char abuf[160];
static uint32_t alen;
static void put_str(uint32_t s) {
  uint32_t n = 0;
  if (s >= 4 && s <= lmem->size) memcpy(&n, lmem->data + s - 4, 4);
  for (uint32_t i = 0; i + 1 < n && s + i + 2ull <= lmem->size && alen < sizeof abuf - 16; i += 2) {
    uint8_t c = lmem->data[s + i];
    abuf[alen++] = !lmem->data[s + i + 1] && c >= 0x20 && c < 0x7f ? (char)c : '?';
  }
}
void Z_envZ_abort(struct Z_env_instance_t *e, u32 msg, u32 file, u32 line, u32 col) {
  char d[10];
  int k = 0;
  (void)e, (void)col;
  memcpy(abuf, "abort: ", alen = 7);
  put_str(msg), abuf[alen++] = ' ', put_str(file), abuf[alen++] = ':';
  do d[k++] = (char)('0' + line % 10); while (line /= 10);
  while (k) abuf[alen++] = d[--k];
  abuf[alen++] = '\n';
  nx_syscall(SYS_CONSOLE_WRITE, STDOUT, (uint64_t)(uintptr_t)abuf, alen, 0, 0, 0);
  wasm_rt_trap(WASM_TRAP_ABORT);
}

/* sys.fault(kind): a CPU fault TS cannot cause (its accesses are bounds
 * checked), for the fault-isolation tests (cells/tests/crashy). 1 read of address
 * 8, 2 a write to this cell's own text (W^X), 3 a jump into its data (NX),
 * 4 an illegal instruction. Any other kind returns. */
static uint8_t nx_data[16] = {0xc3}; /* x86 ret; on riscv64 any bytes do: the fetch faults first */
void Z_sysZ_fault(struct Z_sys_instance_t *s, u32 kind) {
  (void)s;
  if (kind == 1) (void)*(volatile uint32_t *)(uintptr_t)8;
  if (kind == 2) *(volatile uint8_t *)(uintptr_t)&cell_start = 0;
  if (kind == 3) { void (*volatile f)(void) = (void (*)(void))(uintptr_t)nx_data; f(); }
#if defined(__x86_64__)
  if (kind == 4) __asm__ volatile("ud2");
#else
  if (kind == 4) __asm__ volatile(".4byte 0"); /* all zeros: illegal in every RISC-V encoding */
#endif
}
