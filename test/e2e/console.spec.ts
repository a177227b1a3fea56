import { expect, openBench, shot, test } from './fixtures';

test('a console sends AT+CSQ and shows the +CSQ: line', async ({ page }) => {
  await openBench(page, 16);
  const row = page.getByTestId('bench-row').first();
  const id = (await row.getAttribute('data-modem-id'))!;
  await row.click();
  await page.getByTestId('toolbar-open-consoles').click();
  await expect(page.getByTestId('console-pane')).toHaveAttribute('data-modem-id', id);

  const input = page.getByTestId('console-input');
  await input.fill('AT+CSQ');
  await input.press('Enter');
  await expect(page.getByTestId('console-result')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('console-line').filter({ hasText: '+CSQ:' }).first()).toBeVisible();
  await expect(page.getByTestId('console-line').filter({ hasText: 'AT+CSQ' }).first()).toHaveAttribute('data-kind', 'tx');
  await shot(page, 'console');
});

test('history recalls with Up, autocomplete offers AT+CSQ with its summary', async ({ page }) => {
  await openBench(page, 16);
  // Double-click opens the modem page; its Console button opens the console.
  await page.getByTestId('bench-row').nth(1).dblclick();
  await page.getByTestId('modem-open-console').click();
  const input = page.getByTestId('console-input');
  await input.fill('ATI');
  await input.press('Enter');
  await expect(page.getByTestId('console-result')).toHaveAttribute('data-status', 'ok');
  await input.fill('AT+CGMR');
  await input.press('Enter');
  await expect(page.getByTestId('console-result')).toContainText('AT+CGMR');
  await expect(input).toHaveValue('');

  await input.press('ArrowUp');
  await expect(input).toHaveValue('AT+CGMR');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('ATI');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('AT+CGMR');

  await input.fill('');
  await input.pressSequentially('AT+CS');
  const sug = page.getByTestId('console-suggestion').and(page.locator('[data-name="AT+CSQ"]'));
  await expect(sug).toBeVisible();
  await expect(sug).toContainText('Signal quality');
  await shot(page, 'console-autocomplete');
  // Arrow to it and accept with Tab.
  const names = await page.getByTestId('console-suggestion').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  for (let i = 0; i < names.indexOf('AT+CSQ'); i++) await input.press('ArrowDown');
  await input.press('Tab');
  await expect(input).toHaveValue('AT+CSQ');
  await expect(page.getByTestId('console-hint')).toContainText('Signal quality');
});

test('Ctrl+L clears the console view; history survives a tab switch', async ({ page }) => {
  await openBench(page, 16);
  const rows = page.getByTestId('bench-row');
  const a = (await rows.nth(0).getAttribute('data-modem-id'))!;
  const b = (await rows.nth(1).getAttribute('data-modem-id'))!;
  await rows.nth(0).click();
  await rows.nth(1).click({ modifiers: ['Shift'] });
  await page.getByTestId('toolbar-open-consoles').click();
  await expect(page.getByTestId('console-pane')).toHaveCount(2);
  await page.getByTestId('split-1').click();
  await expect(page.getByTestId('console-pane')).toHaveCount(1);

  const input = page.getByTestId('console-input');
  const sent = page.getByTestId('console-line').filter({ hasText: 'AT+GSN' });
  const before = await sent.count();
  await input.fill('AT+GSN');
  await input.press('Enter');
  await expect(page.getByTestId('console-result')).toHaveAttribute('data-status', 'ok');
  // The transcript's lines arrive as events, a little after the result: wait for both the
  // line we sent and the modem's echo of it, so nothing of this command arrives after the clear.
  await expect(sent).toHaveCount(before + 2);
  await page.keyboard.press('Control+l');
  await expect(sent).toHaveCount(0);

  await page.getByTestId('console-tab').and(page.locator(`[data-modem-id="${b}"]`)).getByRole('button').first().click();
  await expect(page.getByTestId('console-pane')).toHaveAttribute('data-modem-id', b);
  await page.getByTestId('console-tab').and(page.locator(`[data-modem-id="${a}"]`)).getByRole('button').first().click();
  await page.getByTestId('console-input').press('ArrowUp');
  await expect(page.getByTestId('console-input')).toHaveValue('AT+GSN');
});

test('four consoles side by side, each with its own transcript', async ({ page }) => {
  await openBench(page, 16);
  const rows = page.getByTestId('bench-row');
  await rows.nth(4).click();
  await rows.nth(7).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('console-pane')).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    const input = page.getByTestId('console-pane').nth(i).getByTestId('console-input');
    await input.fill(i % 2 ? 'AT+QTEMP' : 'AT+COPS?');
    await input.press('Enter');
    await expect(page.getByTestId('console-pane').nth(i).getByTestId('console-result')).toHaveAttribute('data-status', 'ok');
  }
  await page.getByTestId('console-pane').nth(3).getByTestId('console-hex').click();
  // The hex view shows the bytes that crossed the port: the command with its CR.
  await expect(page.getByTestId('console-pane').nth(3)).toContainText('41 54 2B 51 54 45 4D 50 0D');
  await shot(page, 'console-split4');
});
