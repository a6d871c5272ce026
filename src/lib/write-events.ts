// Isolate-local signal that article data changed, so read-side caches (feeds) can drop what they
// memoized without the database layer depending on them.
type Listener = () => void;

const listeners = new Set<Listener>();

export function onArticleWrite(listener: Listener): void {
  listeners.add(listener);
}

export function notifyArticleWrite(): void {
  for (const listener of listeners) listener();
}
