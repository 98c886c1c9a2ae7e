import { expect, test } from '@playwright/test';

const appUrl = () => process.env.INSPECTOR_URL!;

test('a merge-forward opens as a tree; selecting a sub-message shows it', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_x100b4d2e9f0a1b2c3d4e5f60718293');
  await page.keyboard.press('Enter');
  const tree = page.getByTestId('forward-tree');
  await expect(tree.getByRole('treeitem')).toHaveCount(3);
  await expect(page.getByTestId('rendered-message')).toContainText('Merged and Forwarded Message');
  await tree.getByRole('treeitem').filter({ hasText: 'Second forwarded line' }).click();
  await expect(page.getByTestId('message-fields')).toContainText('om_x100b4d2e9f0a1b2c3d4e5f60718295');
  await expect(page.getByTestId('rendered-message')).toHaveText('Second forwarded line');
  // Keyboard: collapse the root, then open it again and walk down.
  await tree.getByRole('tree').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  await expect(tree.getByRole('treeitem')).toHaveCount(1);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rendered-message')).toHaveText('First forwarded line');
});

test('forward-tree previews speak the UI language, and switch with it while the tree is open', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('inspector.language', 'en'));
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_x100b4d2e9f0a1b2c3d4e5f60718293');
  await page.keyboard.press('Enter');
  const tree = page.getByTestId('forward-tree');
  const root = tree.getByRole('treeitem', { level: 1 });
  await expect(root).toContainText('[merged forward] Merged and Forwarded Message');
  await page.getByTestId('language-picker').selectOption('zh-CN');
  await expect(root).toContainText('[合并转发] Merged and Forwarded Message');
  await expect(tree).not.toContainText('[merged forward]');
  await page.getByTestId('language-picker').selectOption('en');
  await expect(root).toContainText('[merged forward] Merged and Forwarded Message');
});

test('links, back and forward move between viewed messages (buttons and Alt+arrows)', async ({ page }) => {
  await page.goto(appUrl());
  const input = page.getByTestId('lookup-input');
  await input.fill('om_dc13264520392913993dd051dba21dcf');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rendered-message')).toHaveText('test content');
  await page.getByTestId('message-fields').getByRole('button', { name: 'om_d4be107c616aed9c1da8ed8068570a9f' }).click();
  await expect(page.getByTestId('rendered-message')).toContainText('Release 2.4 notes');
  await expect(input).toHaveValue('om_d4be107c616aed9c1da8ed8068570a9f');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByTestId('rendered-message')).toHaveText('test content');
  await expect(input).toHaveValue('om_dc13264520392913993dd051dba21dcf');
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByTestId('rendered-message')).toContainText('Release 2.4 notes');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByTestId('rendered-message')).toHaveText('test content');
  await expect(page.getByRole('button', { name: 'Back' })).toBeDisabled();
  // Ctrl+L focuses the lookup box from anywhere.
  await page.getByRole('heading', { name: 'Content' }).click();
  await page.keyboard.press('Control+l');
  await expect(input).toBeFocused();
});

const savedForward = JSON.stringify({
  code: 0,
  msg: 'success',
  data: {
    items: [
      { message_id: 'om_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', msg_type: 'merge_forward', body: { content: 'Merged and Forwarded Message' } },
      {
        message_id: 'om_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
        msg_type: 'text',
        upper_message_id: 'om_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        body: { content: '{"text":"offline hello @_user_1"}' },
        mentions: [{ key: '@_user_1', id: 'ou_1', name: 'Tom' }],
      },
    ],
  },
});

test('a saved response opens offline from the file picker, and a bad file says why', async ({ page }) => {
  await page.goto(appUrl());
  await page
    .getByTestId('open-file-input')
    .setInputFiles({ name: 'saved.json', mimeType: 'application/json', buffer: Buffer.from(savedForward) });
  await expect(page.getByTestId('offline-header')).toContainText('saved.json');
  const tree = page.getByTestId('forward-tree');
  await tree.getByRole('treeitem').filter({ hasText: 'offline hello' }).click();
  await expect(page.getByTestId('rendered-message')).toHaveText('offline hello @Tom');

  await page
    .getByTestId('open-file-input')
    .setInputFiles({ name: 'login.html', mimeType: 'text/html', buffer: Buffer.from('<html>login</html>') });
  await expect(page.getByTestId('offline-header')).toContainText('not JSON');
});

test('dropping a saved response on the window opens it', async ({ page }) => {
  await page.goto(appUrl());
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return transfer;
  }, savedForward);
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page.getByTestId('offline-header')).toContainText('dropped.json');
  await expect(page.getByTestId('forward-tree').getByRole('treeitem')).toHaveCount(2);
});

test('a JSON 2.0 card: the placeholder is explained, and the raw card shows beside it', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_x100b9a11e17ca4d2000000000000000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rendered-message').first()).toContainText('JSON 2.0');
  const forms = page.getByTestId('card-forms');
  await forms.getByRole('radio', { name: 'Full card (raw)' }).click();
  await expect(page.getByTestId('card-raw_card_content')).toContainText('json_card');
  await forms.getByRole('radio', { name: "Sender's card JSON" }).click();
  await expect(page.getByTestId('card-user_card_content')).toContainText('"schema"');
});

test('a 5 MB card opens, shows a page of rows, and its JSON can be searched', async ({ page }) => {
  // 5 MB through the bridge, parsed and drawn: seconds on a quiet machine, far more on a loaded
  // one. The budget says "not stuck"; speed is the benchmarks' business.
  test.setTimeout(90_000);
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_x100b0b16ca7d0000000000000000000');
  await page.keyboard.press('Enter');
  const rendered = page.getByTestId('rendered-message');
  await expect(rendered).toContainText('Large card (5 MB of content)', { timeout: 45_000 });
  await expect(rendered.getByRole('button', { name: /Show all 40,000 paragraphs/ })).toBeVisible();
  await page.getByRole('tab', { name: 'JSON' }).click();
  const json = page.getByTestId('content-json');
  await json.getByRole('searchbox').fill('row 39999:');
  await expect(json).toContainText('1 of 1');
  await expect(json.locator('.json-current')).toContainText('row 39999:');
  await json.locator('.json-current').click();
  await expect(json.locator('.json-selected-path')).toHaveText('$.elements[39999][0].text');
});

test('a merge-forward nested four levels: expand a child forward, select a grandchild, expand all to the deepest', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_x100b9a11e20f04a4dee000000000000');
  await page.keyboard.press('Enter');
  const tree = page.getByTestId('forward-tree');
  await expect(tree.getByRole('heading')).toContainText('4 levels deep');
  const childForward = tree.locator('[role=treeitem][aria-level="2"][aria-expanded="false"]').first();
  await childForward.locator('.tree-toggle').click();
  const grandchild = tree.locator('[role=treeitem][aria-level="3"]').filter({ hasText: 'Forwarding the thread from finance.' });
  await grandchild.click();
  await expect(page.getByTestId('rendered-message')).toHaveText('Forwarding the thread from finance.');
  await expect(page.getByTestId('message-fields')).toContainText('Forwarded inside');

  await tree.getByRole('button', { name: 'Expand all' }).click();
  const deepest = tree.locator('[role=treeitem][aria-level="5"]').filter({ hasText: 'The deepest message' });
  await deepest.click();
  await expect(page.getByTestId('rendered-message')).toHaveText('The deepest message: four levels down.');
});

test('an image previews through the resources endpoint; inside a forward it goes through the container', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_x100b4c3a4f5e6d7c8b9aa9b8c7d6e5');
  await page.keyboard.press('Enter');
  await page.getByTestId('resource-image').click();
  await expect(page.getByTestId('resource-preview')).toBeVisible();
  expect(await page.getByTestId('resource-preview').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(24);

  await page.getByTestId('lookup-input').fill('om_x100b9a11e20f04a4dee000000000000');
  await page.keyboard.press('Enter');
  await page
    .getByTestId('forward-tree')
    .locator('[role=treeitem][aria-level="2"]')
    .filter({ has: page.locator('.badge', { hasText: 'image' }) })
    .first()
    .click();
  await page.getByTestId('resource-image').click();
  await expect(page.getByTestId('resource-preview')).toBeVisible();
});

test('a file saves as a download with its name', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_x100b9a11e05f11e0000000000000000');
  await page.keyboard.press('Enter');
  const download = page.waitForEvent('download');
  await page.getByTestId('resource-file').click();
  expect((await download).suggestedFilename()).toMatch(/\.\w+$/);
});

test('a file over the 25 MB limit is not downloaded: the viewer says it is too large', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_x100b0b16f11e0000000000000000000');
  await page.keyboard.press('Enter');
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  await page.getByTestId('resource-file').click();
  await expect(page.getByTestId('resource-error')).toHaveText('too_large: The resource is too large');
  expect(downloads).toBe(0);
});

test('keyboard: ? opens the shortcuts sheet, Ctrl+J switches the view, Ctrl+F finds in the JSON', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rendered-message')).toHaveText('test content');
  await page.getByRole('heading', { name: 'Content' }).click();
  await page.keyboard.press('?');
  const sheet = page.getByTestId('shortcuts-sheet');
  await expect(sheet).toContainText('Switch between Rendered and JSON');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await page.keyboard.press('Control+j');
  await expect(page.getByTestId('content-json')).toBeVisible();
  await page.keyboard.press('Control+j');
  await expect(page.getByTestId('rendered-message')).toBeVisible();
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('content-json').getByRole('searchbox')).toBeFocused();
});
