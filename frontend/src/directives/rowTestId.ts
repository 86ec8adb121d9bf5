import type { Directive } from 'vue'

/**
 * `v-row-testid="'facility-row'"` on an ElTable: gives every body row `data-testid` (and `data-index`),
 * which ElTable itself cannot do, so that browser tests can address rows. Rows are re-rendered by the
 * table internally, so a MutationObserver keeps the attributes on them.
 */
type Observed = HTMLElement & { __rowTestIdObserver?: MutationObserver }

function apply(el: HTMLElement, testId: string): void {
  el.querySelectorAll<HTMLTableRowElement>('.el-table__body-wrapper tr.el-table__row').forEach((row, index) => {
    if (row.getAttribute('data-testid') !== testId) row.setAttribute('data-testid', testId)
    if (row.getAttribute('data-index') !== String(index)) row.setAttribute('data-index', String(index))
  })
}

export const vRowTestid: Directive<Observed, string> = {
  mounted(el, binding) {
    apply(el, binding.value)
    const observer = new MutationObserver(() => apply(el, binding.value))
    observer.observe(el, { childList: true, subtree: true })
    el.__rowTestIdObserver = observer
  },
  updated(el, binding) {
    apply(el, binding.value)
  },
  unmounted(el) {
    el.__rowTestIdObserver?.disconnect()
  },
}
