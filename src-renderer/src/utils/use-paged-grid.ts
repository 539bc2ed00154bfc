import { computed, onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue';
import { toClientError } from '../api';

export interface PagedGridOptions<T> {
  /** Pixels per cell: the picture plus its gap. */
  cell: number;
  /** Items per page request. */
  pageSize: number;
  /** Rows rendered above and below the view. */
  overscan: number;
  /** Height of the box when it is full, in px; a short list gets a shorter box. */
  maxHeight: number;
  /** What failed, for the error line: 'images', 'samples'. */
  noun: string;
  /** One page of the list: its items and the list's total. */
  fetchPage(offset: number, limit: number): Promise<{ total: number; items: T[] }>;
  /** After a fling, wait this long before showing pictures, so rows that fly past load none (0: never wait). */
  settleMs?: number;
}

export interface GridCell<T> {
  index: number;
  top: number;
  left: number;
  item: T | undefined;
}

/**
 * A windowed grid over a paged list: only the rows in view (plus overscan) exist in the DOM, and only their
 * pages are fetched, so 100,000 items scroll like 40. Pictures are URLs (`imageUrl`) the browser loads and
 * caches itself; while the user flings, `settled` is false so the cells fly past without loading any. Fetches
 * run at most once per frame; a list change (`reset`) or growth (`reload`) drops answers still in flight.
 */
export function usePagedGrid<T>(opts: PagedGridOptions<T>) {
  const scroller = ref<HTMLDivElement | null>(null);
  const width = ref(600);
  const height = ref(opts.maxHeight);
  const scrollTop = ref(0);
  const total = ref<number | null>(null);
  const items = shallowRef(new Map<number, T>());
  /** False while a fling is under way: cells show placeholders, not pictures. */
  const settled = ref(true);
  const error = ref<string | null>(null);
  const pagesAsked = new Set<number>();
  let generation = 0;
  let lastFling = 0;
  let pending = false;

  const columns = computed(() => Math.max(1, Math.floor(width.value / opts.cell)));
  /** Columns spread over the full width, so no ragged empty strip on the right. */
  const pitch = computed(() => Math.max(opts.cell, width.value / columns.value));
  const rowCount = computed(() => Math.ceil((total.value ?? 0) / columns.value));
  const boxHeight = computed(() => (total.value === null ? opts.maxHeight : Math.max(96, Math.min(opts.maxHeight, rowCount.value * opts.cell + 12))));
  const firstRow = computed(() => Math.max(0, Math.floor(scrollTop.value / opts.cell) - opts.overscan));
  const lastRow = computed(() => Math.min(rowCount.value, Math.ceil((scrollTop.value + height.value) / opts.cell) + opts.overscan));
  const visible = computed(() => {
    const cells: GridCell<T>[] = [];
    for (let r = firstRow.value; r < lastRow.value; r++) {
      for (let c = 0; c < columns.value; c++) {
        const index = r * columns.value + c;
        if (index >= (total.value ?? 0)) break;
        cells.push({ index, top: r * opts.cell, left: c * pitch.value, item: items.value.get(index) });
      }
    }
    return cells;
  });

  async function loadPage(page: number, gen: number): Promise<void> {
    if (pagesAsked.has(page)) return;
    pagesAsked.add(page);
    try {
      const res = await opts.fetchPage(page * opts.pageSize, opts.pageSize);
      if (gen !== generation) return;
      total.value = res.total;
      const next = new Map(items.value);
      res.items.forEach((item, i) => next.set(page * opts.pageSize + i, item));
      items.value = next;
    } catch (err) {
      pagesAsked.delete(page);
      if (gen === generation) error.value = `Could not load ${opts.noun}: ${toClientError(err).message}`;
    }
  }

  async function fill(): Promise<void> {
    const gen = generation;
    if (total.value === null) await loadPage(0, gen);
    const start = firstRow.value * columns.value;
    const end = Math.min(total.value ?? 0, lastRow.value * columns.value);
    const pages = new Set<number>();
    for (let i = start; i < end; i += opts.pageSize) pages.add(Math.floor(i / opts.pageSize));
    if (end > start) pages.add(Math.floor((end - 1) / opts.pageSize));
    await Promise.all([...pages].map((p) => loadPage(p, gen)));
    if (gen !== generation) return;
    // While the user is still flinging, show no pictures for rows that fly past; look again when it settles.
    const settle = opts.settleMs ?? 0;
    settled.value = !(settle && performance.now() - lastFling < settle);
    if (!settled.value) setTimeout(schedule, settle);
  }

  /** Fetches what the view needs, at most once per frame however fast the user scrolls. */
  function schedule(): void {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      void fill();
    });
  }

  /** Another list: start over at the top. */
  function reset(): void {
    generation += 1;
    pagesAsked.clear();
    total.value = null;
    items.value = new Map();
    error.value = null;
    scrollTop.value = 0;
    if (scroller.value) scroller.value.scrollTop = 0;
    schedule();
  }

  /** The same list grew or changed: refetch pages in place, keeping the scroll position and the box's height. */
  function reload(): void {
    generation += 1;
    pagesAsked.clear();
    error.value = null;
    if (!total.value) total.value = null;
    schedule();
  }

  function onScroll(e: Event): void {
    const top = (e.target as HTMLElement).scrollTop;
    // Small moves (keyboard, wheel ticks) are not a fling: no need to hold pictures back.
    if (Math.abs(top - scrollTop.value) > height.value) {
      lastFling = performance.now();
      if (opts.settleMs) settled.value = false;
    }
    scrollTop.value = top;
  }

  watch([firstRow, lastRow, columns], schedule);

  let observer: ResizeObserver | null = null;
  onMounted(() => {
    observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      width.value = entry.contentRect.width;
      height.value = entry.contentRect.height;
    });
    if (scroller.value) observer.observe(scroller.value);
    schedule();
  });
  onBeforeUnmount(() => observer?.disconnect());

  return { scroller, total, items, settled, error, columns, rowCount, boxHeight, visible, reset, reload, onScroll, schedule };
}
