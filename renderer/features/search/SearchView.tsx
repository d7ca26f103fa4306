export function SearchView() {
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Search</h1>
    </section>
  );
}
