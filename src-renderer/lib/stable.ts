/**
 * Values that stay the same object while their content does (issue 16): the
 * bench sends every modem several times a second under load, and a new array
 * or map each time made everything that takes it as a prop render again.
 * For computed(prev => ...) getters: return `prev` when nothing changed.
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { watchVisibility } from './frame-throttle';

export function stableList<T>(prev: readonly T[] | undefined, next: T[]): T[] {
  return prev && prev.length === next.length && prev.every((x, i) => x === next[i]) ? (prev as T[]) : next;
}

export function stableMap<K, V>(prev: ReadonlyMap<K, V> | undefined, next: Map<K, V>): ReadonlyMap<K, V> {
  if (!prev || prev.size !== next.size) return next;
  for (const [k, v] of next) if (prev.get(k) !== v || !prev.has(k)) return next;
  return prev;
}

/** Whether the element is in the viewport (true until the observer says otherwise). */
export function useInView(el: Ref<HTMLElement | null>): Ref<boolean> {
  const shown = ref(true);
  let stop: (() => void) | null = null;
  onMounted(() => {
    if (el.value) stop = watchVisibility(el.value, { setVisible: (v) => (shown.value = v) });
  });
  onBeforeUnmount(() => stop?.());
  return shown;
}
