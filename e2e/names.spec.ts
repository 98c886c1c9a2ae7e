import { expect, test } from '@playwright/test';

const appUrl = () => process.env.INSPECTOR_URL!;

/** A saved merge-forward whose senders the platform named (with_sender_name), all but one. */
const saved = JSON.stringify({
  code: 0,
  msg: 'success',
  data: {
    items: [
      {
        message_id: 'om_x100b4f00000000000000000000e001',
        msg_type: 'merge_forward',
        chat_id: 'oc_a0553eda9014c201e6969b478895c230',
        create_time: '1764057600000',
        sender: {
          id: 'ou_155184d1e73cbfb8973e5a9e698e74f2',
          id_type: 'open_id',
          sender_type: 'user',
          sender_name: 'Li Lei',
          sender_i18n_names: { zh_cn: '李雷', en_us: 'Lei Li' },
        },
        body: { content: 'Merged and Forwarded Message' },
      },
      {
        message_id: 'om_x100b4f00000000000000000000e002',
        msg_type: 'text',
        upper_message_id: 'om_x100b4f00000000000000000000e001',
        create_time: '1764057601000',
        sender: { id: 'cli_9f427eec54ae901b', id_type: 'app_id', sender_type: 'app', sender_name: 'Deploy Bot' },
        body: { content: '{"text":"deployed to production"}' },
      },
      {
        message_id: 'om_x100b4f00000000000000000000e003',
        msg_type: 'text',
        upper_message_id: 'om_x100b4f00000000000000000000e001',
        create_time: '1764057602000',
        sender: { id: 'ou_0a1b2c3d4e5f60718293a4b5c6d7e8f9', id_type: 'open_id', sender_type: 'user' },
        body: { content: '{"text":"thanks"}' },
      },
    ],
  },
});

const CASES = [
  { lang: 'en', theme: 'light', root: 'Lei Li', noName: 'No name in the answer', fromFile: 'opened from a file' },
  { lang: 'zh-CN', theme: 'dark', root: '李雷', noName: '接口未返回名称', fromFile: '消息是从文件打开的' },
] as const;

for (const c of CASES) {
  test(`names beside IDs in the viewer and the tree, ${c.lang} ${c.theme}`, async ({ page }, testInfo) => {
    await page.addInitScript(
      ({ lang, theme }) => {
        localStorage.setItem('inspector.language', lang);
        localStorage.setItem('inspector.theme', theme);
      },
      { lang: c.lang, theme: c.theme },
    );
    await page.goto(appUrl());
    await page
      .getByTestId('open-file-input')
      .setInputFiles({ name: 'named.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
    const tree = page.getByTestId('forward-tree');
    await expect(tree.getByRole('treeitem')).toHaveCount(3);
    await expect(tree.getByRole('treeitem').nth(1)).toContainText('Deploy Bot');
    const sender = page.getByTestId('sender-field');
    await expect(sender).toContainText(`${c.root}ou_155184d1e73cbfb8973e5a9e698e74f2`);
    // Opened from a file: no profile to ask the chats endpoint with, and the line says so.
    await expect(page.getByTestId('chat-field')).toContainText(c.fromFile);
    await page.getByTestId('message-fields').scrollIntoViewIfNeeded();
    const shot = testInfo.outputPath(`names-${c.lang}-${c.theme}.png`);
    await page.screenshot({ path: shot, fullPage: true, animations: 'disabled' });
    await testInfo.attach('viewer', { path: shot, contentType: 'image/png' });

    await tree.getByRole('treeitem').filter({ hasText: 'thanks' }).click();
    await expect(sender).toContainText('ou_0a1b2c3d4e5f60718293a4b5c6d7e8f9');
    await expect(page.getByTestId('name-why').first()).toContainText(c.noName);
    const unnamed = testInfo.outputPath(`names-unnamed-${c.lang}-${c.theme}.png`);
    await page.getByTestId('message-fields').screenshot({ path: unnamed, animations: 'disabled' });
    await testInfo.attach('no name', { path: unnamed, contentType: 'image/png' });
  });
}
