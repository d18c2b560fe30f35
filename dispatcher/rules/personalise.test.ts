import { describe, expect, it } from 'vitest'
import { renderContent, renderTemplate } from './personalise.ts'

describe('renderTemplate', () => {
  it('substitutes properties, with spaces allowed around the name', () => {
    expect(renderTemplate('Hi {{name}}, {{ city }}!', { name: 'Ana', city: 'Lyon' })).toEqual({ ok: true, value: 'Hi Ana, Lyon!' })
  })

  it('uses the fallback when the property is absent or null', () => {
    expect(renderTemplate('Hi {{name|friend}}', {})).toEqual({ ok: true, value: 'Hi friend' })
    expect(renderTemplate('Hi {{ name | dear friend }}', { name: null })).toEqual({ ok: true, value: 'Hi dear friend' })
    expect(renderTemplate('Hi{{name|}}!', {})).toEqual({ ok: true, value: 'Hi!' })
  })

  it('prefers a present value over the fallback, empty string and falsy values included', () => {
    expect(renderTemplate('[{{name|x}}]', { name: '' })).toEqual({ ok: true, value: '[]' })
    expect(renderTemplate('{{points|x}} {{vip|x}}', { points: 0, vip: false })).toEqual({ ok: true, value: '0 false' })
  })

  it('fails on a missing property without fallback, naming it', () => {
    expect(renderTemplate('Hi {{name}} from {{city}}', { city: 'Lyon' })).toEqual({ ok: false, missing: ['name'] })
    // Inherited object members are not properties.
    expect(renderTemplate('{{toString}}', {})).toEqual({ ok: false, missing: ['toString'] })
  })

  it('leaves text without a placeholder name alone', () => {
    expect(renderTemplate('{{}} and { name }', {})).toEqual({ ok: true, value: '{{}} and { name }' })
  })
})

describe('renderContent', () => {
  const content = {
    title: 'Hi {{name}}',
    body: 'Your {{item|order}} shipped',
    deepLink: 'https://shop.example/{{orderId}}',
    icon: 'https://cdn.example/{{tier|basic}}.png',
    image: 'https://cdn.example/{{item|box}}.jpg',
    actions: [{ id: 'track-{{orderId}}', title: 'Track {{orderId}}' }],
    data: { '{{key}}': 'order {{orderId}}' },
  }

  it('renders every string; action ids and data keys stay as written', () => {
    expect(renderContent(content, { name: 'Ana', orderId: 42, tier: 'gold' })).toEqual({
      ok: true,
      value: {
        title: 'Hi Ana',
        body: 'Your order shipped',
        deepLink: 'https://shop.example/42',
        icon: 'https://cdn.example/gold.png',
        image: 'https://cdn.example/box.jpg',
        actions: [{ id: 'track-{{orderId}}', title: 'Track 42' }],
        data: { '{{key}}': 'order 42' },
      },
    })
  })

  it('fails with every missing name once, sorted, wherever it is missing', () => {
    expect(renderContent(content, { tier: 'gold' })).toEqual({ ok: false, missing: ['name', 'orderId'] })
    expect(renderContent({ title: 't', body: 'b', data: { k: '{{zip}}' } }, {})).toEqual({ ok: false, missing: ['zip'] })
  })

  it('does not add fields the content lacks', () => {
    expect(renderContent({ title: 'a', body: 'b' }, {})).toEqual({ ok: true, value: { title: 'a', body: 'b' } })
  })
})
