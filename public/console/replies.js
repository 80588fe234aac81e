// @ts-check
'use strict';

(() => {
  const { api, el, showMessage } = Console;
  const form = /** @type {HTMLFormElement} */ (document.getElementById('reply-edit'));
  // `form.id` and `form.title` are the form's own attributes to the type checker; the inputs are meant.
  const idInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('id'));
  const titleInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('title'));
  const list = document.getElementById('reply-list');
  let data = null;

  function editing(reply) {
    idInput.value = reply ? reply.id : '';
    titleInput.value = reply ? reply.title : '';
    form.text.value = reply ? reply.text : '';
    if (reply) form.areaId.value = reply.areaId;
    form.areaId.disabled = !!reply;
    document.getElementById('edit-heading').textContent = reply
      ? `Change “${reply.title}”`
      : 'Add a saved reply';
    document.getElementById('reply-save').textContent = reply ? 'Save changes' : 'Add saved reply';
    document.getElementById('reply-cancel').hidden = !reply;
    if (reply) titleInput.focus();
  }

  function render() {
    const areaName = (id) => (data.areas.find((a) => a.id === id) || { name: id }).name;
    list.replaceChildren(
      ...(data.replies.length
        ? data.replies.map((r) => {
            const item = el(
              'li',
              {},
              el('h3', { text: r.title }),
              el('p', { className: 'hint', text: areaName(r.areaId) }),
              el('p', { className: 'said', text: r.text }),
            );
            if (data.mayEdit) {
              const change = el('button', {
                type: 'button',
                className: 'button',
                text: 'Change',
                'aria-label': `Change ${r.title}`,
              });
              change.addEventListener('click', () => editing(r));
              const remove = el('button', {
                type: 'button',
                className: 'button',
                text: 'Remove',
                'aria-label': `Remove ${r.title}`,
              });
              remove.addEventListener('click', async () => {
                try {
                  await api('DELETE', `/api/console/saved-replies/${encodeURIComponent(r.id)}`);
                  showMessage(`Removed “${r.title}”.`, 'success');
                  await load();
                } catch (err) {
                  showMessage(err.message);
                }
              });
              item.append(el('div', { className: 'actions-row' }, change, remove));
            }
            return item;
          })
        : [el('li', { className: 'hint', text: 'No saved replies yet.' })]),
    );
  }

  async function load() {
    data = await api('GET', '/api/console/saved-replies');
    document.getElementById('edit-panel').hidden = !data.mayEdit;
    if (!form.areaId.options.length) {
      form.areaId.append(...data.areas.map((a) => el('option', { value: a.id, text: a.name })));
    }
    render();
  }

  async function main() {
    await Console.start();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { title: titleInput.value.trim(), text: form.text.value.trim() };
      try {
        if (idInput.value) {
          await api('POST', `/api/console/saved-replies/${encodeURIComponent(idInput.value)}`, body);
          showMessage(`Saved “${body.title}”.`, 'success');
        } else {
          await api('POST', '/api/console/saved-replies', { ...body, areaId: form.areaId.value });
          showMessage(`Added “${body.title}”.`, 'success');
        }
        editing(null);
        await load();
      } catch (err) {
        showMessage(err.message);
      }
    });
    document.getElementById('reply-cancel').addEventListener('click', () => editing(null));
    await load();
  }

  main().catch((err) => {
    if (err.status !== 401) showMessage(err.message);
  });
})();
