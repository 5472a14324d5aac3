/**
 * The words the components write themselves (not content): button labels,
 * footer links. English is the fallback for languages without a table.
 */
export type Messages = Readonly<{
  viewInBrowser: string;
  episode: (show: string, episode: number, title: string) => string;
  withGuest: (guest: string) => string;
  watch: string;
  listen: string;
  subscribeTo: (show: string) => string;
  donate: string;
  keepReading: string;
  viewMore: string;
  shareDonate: readonly [link: string, rest: string];
  shareWhatsapp: readonly [before: string, link: string];
  followUsOn: string;
  and: string;
  visitWebsite: readonly [before: string, after: string];
  home: string;
  posts: string;
  subscribe: string;
  unsubscribe: string;
  privacy: string;
  terms: string;
  whyReceiving: (org: string) => string;
  contact: string;
}>;

const en: Messages = {
  viewInBrowser: 'View in browser',
  episode: (show, episode, title) => `${show}: Episode ${episode} - ${title}`,
  withGuest: (guest) => `With ${guest}`,
  watch: 'Watch',
  listen: 'Listen',
  subscribeTo: (show) => `Subscribe to ${show}`,
  donate: 'Donate',
  keepReading: 'Keep reading',
  viewMore: 'View more',
  shareDonate: ['DONATE HERE', ', to support our work'],
  shareWhatsapp: ['Join our', 'WHATSAPP COMMUNITY'],
  followUsOn: 'Follow us on',
  and: 'and',
  visitWebsite: ['Visit our website ', ' for additional resources'],
  home: 'Home',
  posts: 'Posts',
  subscribe: 'Subscribe',
  unsubscribe: 'Unsubscribe',
  privacy: 'Privacy Policy',
  terms: 'Terms of Use',
  whyReceiving: (org) => `You are receiving this email because you subscribed to updates from ${org}.`,
  contact: 'Contact us',
};

const fr: Messages = {
  viewInBrowser: 'Voir dans le navigateur',
  episode: (show, episode, title) => `${show} : épisode ${episode} - ${title}`,
  withGuest: (guest) => `Avec ${guest}`,
  watch: 'Regarder',
  listen: 'Écouter',
  subscribeTo: (show) => `S’abonner à ${show}`,
  donate: 'Faire un don',
  keepReading: 'À lire aussi',
  viewMore: 'Voir plus',
  shareDonate: ['FAITES UN DON', ' pour soutenir notre travail'],
  shareWhatsapp: ['Rejoignez notre', 'COMMUNAUTÉ WHATSAPP'],
  followUsOn: 'Suivez-nous sur',
  and: 'et',
  visitWebsite: ['Visitez notre site ', ' pour plus de ressources'],
  home: 'Accueil',
  posts: 'Publications',
  subscribe: 'S’abonner',
  unsubscribe: 'Se désabonner',
  privacy: 'Politique de confidentialité',
  terms: 'Conditions d’utilisation',
  whyReceiving: (org) => `Vous recevez ce courriel parce que vous êtes abonné·e aux nouvelles de ${org}.`,
  contact: 'Nous joindre',
};

const ar: Messages = {
  viewInBrowser: 'عرض في المتصفح',
  episode: (show, episode, title) => `${show}: الحلقة ${episode} - ${title}`,
  withGuest: (guest) => `مع ${guest}`,
  watch: 'شاهد',
  listen: 'استمع',
  subscribeTo: (show) => `اشترك في ${show}`,
  donate: 'تبرّع',
  keepReading: 'تابع القراءة',
  viewMore: 'عرض المزيد',
  shareDonate: ['تبرّع هنا', ' لدعم عملنا'],
  shareWhatsapp: ['انضم إلى', 'مجتمعنا على واتساب'],
  followUsOn: 'تابعنا على',
  and: 'و',
  visitWebsite: ['زر موقعنا ', ' لمزيد من الموارد'],
  home: 'الرئيسية',
  posts: 'المنشورات',
  subscribe: 'اشترك',
  unsubscribe: 'إلغاء الاشتراك',
  privacy: 'سياسة الخصوصية',
  terms: 'شروط الاستخدام',
  whyReceiving: (org) => `تتلقى هذه الرسالة لأنك مشترك في نشرة ${org}.`,
  contact: 'اتصل بنا',
};

/** A Map, not an object: a locale named `constructor` must not find Object.prototype's members. */
const TABLES: ReadonlyMap<string, Messages> = new Map([
  ['en', en],
  ['fr', fr],
  ['ar', ar],
]);

/** The messages for a locale's language (`fr-CA` → French), English when there is no table. */
export function messagesFor(locale: string): Messages {
  const language = locale.split('-')[0]!.toLowerCase();
  return TABLES.get(language) ?? en;
}

/** Display names of the social networks, as link text. */
export const NETWORK_NAMES = {
  x: 'X',
  instagram: 'Instagram',
  youtube: 'YouTube',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  tiktok: 'TikTok',
  bluesky: 'Bluesky',
  threads: 'Threads',
} as const;
