import type { DatabaseSync } from 'node:sqlite'
import type { Campaign, Content, Variant } from '../model/entities.ts'
import type { Store } from './store.ts'
import { changed, int, json, text, type Row } from './columns.ts'
import { inTransaction } from './transaction.ts'

type CampaignMethods = Pick<Store, 'createCampaign' | 'getCampaign' | 'listCampaigns'>

/** Campaigns and their variants (one row per variant, in the campaign's order). */
export function campaignRepository(db: DatabaseSync): CampaignMethods {
  // First write wins (interpretation): messages already refer to a campaign's variants, so a
  // second createCampaign with the same id (a replayed request after a restart) changes nothing.
  const insertCampaign = db.prepare(`
    INSERT OR IGNORE INTO campaigns (id, name, targeting, rules, profile, created_at)
    VALUES (:id, :name, :targeting, :rules, :profile, :createdAt)`)
  const insertVariant = db.prepare(`
    INSERT OR IGNORE INTO variants (campaign_id, id, position, share, content) VALUES (:campaignId, :id, :position, :share, :content)`)
  const campaignById = db.prepare('SELECT * FROM campaigns WHERE id = ?')
  const allCampaigns = db.prepare('SELECT * FROM campaigns ORDER BY created_at, id')
  const variantsOf = db.prepare('SELECT * FROM variants WHERE campaign_id = ? ORDER BY position')

  const toCampaign = (row: Row): Campaign => {
    const id = text(row, 'id')
    return {
      id,
      name: text(row, 'name'),
      targeting: text(row, 'targeting') as Campaign['targeting'],
      variants: (variantsOf.all(id) as Row[]).map(toVariant),
      rules: json(row, 'rules', {}),
      profile: text(row, 'profile') as Campaign['profile'],
      createdAt: int(row, 'created_at'),
    }
  }

  return {
    createCampaign(campaign) {
      inTransaction(db, () => {
        const { id, name, targeting, rules, profile, createdAt } = campaign
        const created = changed(insertCampaign.run({ id, name, targeting, rules: JSON.stringify(rules), profile, createdAt }))
        if (!created) return
        campaign.variants.forEach((variant, position) => {
          insertVariant.run({ campaignId: id, id: variant.id, position, share: variant.share, content: JSON.stringify(variant.content) })
        })
      })
    },
    getCampaign(id) {
      const row = campaignById.get(id) as Row | undefined
      return row && toCampaign(row)
    },
    listCampaigns() {
      return (allCampaigns.all() as Row[]).map(toCampaign)
    },
  }
}

function toVariant(row: Row): Variant {
  return { id: text(row, 'id'), share: Number(row['share'] ?? 0), content: json<Content>(row, 'content', { title: '', body: '' }) }
}
