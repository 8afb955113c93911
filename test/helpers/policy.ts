import { resolvePolicy, type PhotodeskConfig } from '../../src/index.js';

/** The desk policy the rules tests use: an English- and Russian-language desk of a news site. */
export const DESK_CONFIG: PhotodeskConfig = {
  site: 'Sputnik Africa',
  rules: {
    credit: {
      template: '© Photo {agency}',
      agencies: [
        { name: 'Russian Defence Ministry', aliases: ['Russian Defense Ministry', 'Минобороны России', 'Russian MoD', 'Министерство обороны РФ'], suffix: ' / Go to the mediabank', kind: 'handout' },
        { name: 'Reuters', aliases: ['Thomson Reuters'], kind: 'agency' },
        { name: 'Getty Images', aliases: ['Getty'], kind: 'stock' },
        { name: 'AFP', aliases: ['Agence France-Presse'], kind: 'agency' },
        { name: 'Sputnik', aliases: ['Спутник', 'RIA Novosti', 'РИА Новости'], template: '© Sputnik / {creator}', kind: 'staff' },
      ],
    },
    altText: { template: '{caption} - {site}, {width}, {date:DD.MM.YYYY}' },
  },
};

export const deskPolicy = (extra: PhotodeskConfig['rules'] = {}, top: Partial<PhotodeskConfig> = {}) =>
  resolvePolicy({ ...DESK_CONFIG, ...top, rules: { ...DESK_CONFIG.rules, ...extra } });
