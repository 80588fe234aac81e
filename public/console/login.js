// @ts-check
'use strict';

(() => {
  const form = /** @type {HTMLFormElement} */ (document.getElementById('login-form'));
  const next = new URLSearchParams(location.search).get('next');
  const target = next && next.startsWith('/console') && !next.startsWith('//') ? next : '/console';

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = form.email.value.trim();
    const password = form.password.value;
    if (!email || !password) {
      Console.showMessage('Enter your e-mail address and password.');
      (email ? form.password : form.email).focus();
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await Console.api('POST', '/api/console/login', { email, password }, { allowSignedOut: true });
      location.assign(target);
    } catch (err) {
      Console.showMessage(err.message);
      form.password.value = '';
      form.password.focus();
    } finally {
      button.disabled = false;
    }
  });
  form.email.focus();
})();
