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
