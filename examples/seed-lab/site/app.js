// Shows which member served what: the page's assets (sticky) and the jokes API (round robin).
const cookieCell = document.getElementById('cookie');
const showCookie = () => {
  const found = document.cookie.split('; ').find((c) => c.startsWith('ROUTEID='));
  cookieCell.textContent = found ?? '(none)';
};

async function routeOf(path) {
  const res = await fetch(path, { method: 'HEAD', cache: 'no-store' });
  return res.headers.get('Balancer-Route') ?? '?';
}

async function listAssets() {
  const body = document.querySelector('#assets tbody');
  for (const path of ['/', '/app.js', '/style.css', '/logo.svg']) {
    const row = body.insertRow();
    row.insertCell().textContent = path;
    row.insertCell().textContent = await routeOf(path);
  }
  showCookie();
}

document.getElementById('joke').addEventListener('click', async () => {
  const res = await fetch('/api/jokes/', { cache: 'no-store' });
  const joke = await res.json();
  const item = document.createElement('li');
  item.textContent = `${joke.server}: ${joke.joke}`;
  document.getElementById('jokes').prepend(item);
});

showCookie();
listAssets();
