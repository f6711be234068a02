/* global document, localStorage */
// Runs before first paint: apply the theme chosen with the toggle (else the system's).
try {
  const saved = localStorage.getItem('playground-theme');
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
} catch {
  // Storage can be blocked (private windows); the system theme still applies.
}
