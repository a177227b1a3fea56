/** What VirtualList.vue exposes to its parent (a generic SFC has no InstanceType). */
export interface VirtualListApi {
  scrollToBottom(): void;
  scrollToIndex(i: number, align?: 'nearest' | 'center'): void;
  scrollBy(px: number): void;
  atBottom(): boolean;
  readonly el: HTMLElement | null;
}
