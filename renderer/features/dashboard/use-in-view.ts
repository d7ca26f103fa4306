import { useEffect, useRef, useState } from 'react';

/** Whether the element is on screen; true where IntersectionObserver is missing. */
export function useInView<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setInView(entries.some((e) => e.isIntersecting)), { rootMargin: '100px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, inView];
}
