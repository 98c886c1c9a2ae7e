import { expect, test } from '@playwright/test';

const appUrl = () => process.env.INSPECTOR_URL!;
const MESSAGE = 'om_dc13264520392913993dd051dba21dcf';

test.describe('links into the app, as URL fragments in browser mode', () => {
  test('a link opens its message with the profile it names; the fragment goes, the token too', async ({ page }) => {
    await page.goto(`${appUrl()}#/message/${MESSAGE}?profile=sandbox`);
    await expect(page.getByTestId('lookup-result').getByTestId('rendered-message')).toHaveText('test content');
    await expect(page.getByTestId('lookup-input')).toHaveValue(MESSAGE);
    await expect(page.getByTestId('profile-picker')).toHaveValue('sandbox');
    const url = new URL(page.url());
    expect(url.hash).toBe('');
    expect(url.searchParams.get('token')).toBeNull();

    // A link that arrives while the page is up (the desktop hands it over the same way).
    await page.evaluate(() => (window.location.hash = '#/message/om_error_230002'));
    await expect(page.getByTestId('error-code')).toHaveText('230002');
  });

  test('a link to a profile that is not here says so, and opens the message on the active profile', async ({ page }) => {
    await page.goto(`${appUrl()}#/message/${MESSAGE}?profile=p_from_another_computer`);
    const notice = page.getByTestId('link-notice');
    await expect(notice).toContainText('This link names a profile that is not here');
    await expect(notice).toContainText(
      `The link opens ${MESSAGE} with the profile “p_from_another_computer”, which is not on this computer.`,
    );
    await expect(page.getByTestId('lookup-result')).toHaveCount(0);
    await notice.getByRole('button', { name: 'Open it with “Sandbox”' }).click();
    await expect(notice).toHaveCount(0);
    await expect(page.getByTestId('lookup-result').getByTestId('rendered-message')).toHaveText('test content');
  });

  test('"Copy link" beside the message ID puts the feishu-inspector:// link on the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(appUrl());
    await page.getByTestId('lookup-input').fill(MESSAGE);
    await page.keyboard.press('Enter');
    const copy = page.getByTestId('message-fields').getByRole('button', { name: 'Copy link' });
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('toasts')).toContainText('Copied: the link to this message');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`feishu-inspector://message/${MESSAGE}?profile=sandbox`);
  });
});
