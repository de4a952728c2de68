// The staff console's enhancements. Every page works without this script; it only makes the
// waits visible. Loaded with `defer` on staff pages (web/staff.cpp); CSP allows 'self' only.
'use strict';

// The "run the scheduler" form (form[data-running]): a run takes up to the solver's time limit.
// While the server works, the form's status region says so once (screen readers announce it)
// and a counter beside it, hidden from screen readers, shows the seconds so far. A second
// press does not send the form again. Coming back to the page from the browser's history
// (back-forward cache) starts afresh.
for (const form of document.querySelectorAll('form[data-running]')) {
  const button = form.querySelector('button[type=submit]');
  const status = form.querySelector('.run-status');
  let timer = null;
  const reset = () => {
    clearInterval(timer);
    timer = null;
    button?.removeAttribute('aria-disabled');
    if (status) status.textContent = '';
  };
  form.addEventListener('submit', (event) => {
    if (timer !== null) {
      event.preventDefault();
      return;
    }
    button?.setAttribute('aria-disabled', 'true');
    const started = Date.now();
    const seconds = document.createElement('span');
    seconds.className = 'run-seconds';
    seconds.setAttribute('aria-hidden', 'true');
    const tick = () => { seconds.textContent = `${Math.floor((Date.now() - started) / 1000)} s`; };
    tick();
    timer = setInterval(tick, 1000);
    if (status) status.replaceChildren(form.dataset.running, ' ', seconds);
  });
  window.addEventListener('pageshow', (event) => { if (event.persisted) reset(); });
}
