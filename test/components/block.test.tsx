import { describe, expect, it } from 'vitest';
import { Block, Panel, PanelRow, defaultTheme } from '../../components/index.ts';
import { styleOf } from '../support/html.ts';
import { renderComponent } from '../support/render-component.tsx';

describe('Block', () => {
  it('is a full-width presentation table whose cell carries the standard gutters (the class narrows them on phones)', async () => {
    const { $ } = await renderComponent(
      <Block>
        <p id="content">Salaam friend,</p>
      </Block>,
    );
    const table = $('table');
    expect(table).toHaveLength(1);
    expect(table.attr('role')).toBe('presentation');
    expect(table.attr('width')).toBe('100%');
    expect(table.attr('class')).toBe('dsp-gutter');
    expect(styleOf($('td'))).toEqual({ padding: '24px 24px 0' });
    expect($('td > #content').text()).toBe('Salaam friend,');
  });

  it('puts padding on the cell (Outlook ignores it on tables) and every other style on the table, after the gutters', async () => {
    const { $ } = await renderComponent(
      <Block className="dsp-highlight" style={{ backgroundColor: '#EAF4F0', paddingBottom: 32 }}>
        <p>x</p>
      </Block>,
    );
    expect($('table').attr('class')).toBe('dsp-gutter dsp-highlight');
    expect(styleOf($('table'))).toEqual({ 'background-color': '#EAF4F0' });
    expect(styleOf($('td'))).toEqual({ padding: '24px 24px 0', 'padding-bottom': '32px' });
  });

  it('takes the gutter from the theme’s spacing', async () => {
    const { $ } = await renderComponent(<Block>x</Block>, { theme: { ...defaultTheme, space: { ...defaultTheme.space, lg: 20 } } });
    expect(styleOf($('td'))['padding']).toBe('20px 20px 0');
  });
});

describe('Panel and PanelRow', () => {
  it('Panel: one full-width cell, no class or style attribute when none is given', async () => {
    const { $ } = await renderComponent(<Panel>x</Panel>);
    const table = $('table');
    expect(table.attr('role')).toBe('presentation');
    expect(table.attr('cellpadding')).toBe('0');
    expect(table.attr('cellspacing')).toBe('0');
    expect(table.attr('class')).toBeUndefined();
    expect(table.attr('style')).toBeUndefined();
    expect($('td').attr('style')).toBeUndefined();
  });

  it('PanelRow: its children are the row’s cells', async () => {
    const { $ } = await renderComponent(
      <PanelRow style={{ marginBottom: 16 }}>
        <td>Watch</td>
        <td>Listen</td>
      </PanelRow>,
    );
    expect($('tr > td').toArray().map((td) => $(td).text())).toEqual(['Watch', 'Listen']);
    expect($('table').attr('role')).toBe('presentation');
    expect(styleOf($('table'))).toEqual({ 'margin-bottom': '16px' });
  });
});
