/** The effective theme (light/dark), following data-theme and, for 'system', the OS. Charts redraw on it. */
import { onScopeDispose, ref, type Ref } from 'vue';

function effective(): 'light' | 'dark' {
  const t = document.documentElement.dataset.theme;
  if (t === 'light' || t === 'dark') return t;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useEffectiveTheme(): Ref<'light' | 'dark'> {
  const theme = ref(effective());
  const update = () => (theme.value = effective());
  const mo = new MutationObserver(update);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', update);
  onScopeDispose(() => {
    mo.disconnect();
    mq.removeEventListener('change', update);
  });
  return theme;
}

/** A CSS custom property of the root, resolved now (after the theme applied). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
