/**
 * The pictures of picture matching: Twemoji graphics (CC-BY 4.0, package
 * @twemoji/svg), each with a Thai and an English name for screen readers. Plain data, so
 * the web app imports it too.
 */
export const PICTURES = [
  { id: 'elephant', code: '1f418', th: 'ช้าง', en: 'Elephant' },
  { id: 'cat', code: '1f431', th: 'แมว', en: 'Cat' },
  { id: 'dog', code: '1f436', th: 'สุนัข', en: 'Dog' },
  { id: 'tiger', code: '1f42f', th: 'เสือ', en: 'Tiger' },
  { id: 'rabbit', code: '1f430', th: 'กระต่าย', en: 'Rabbit' },
  { id: 'fish', code: '1f41f', th: 'ปลา', en: 'Fish' },
  { id: 'bird', code: '1f426', th: 'นก', en: 'Bird' },
  { id: 'turtle', code: '1f422', th: 'เต่า', en: 'Turtle' },
  { id: 'butterfly', code: '1f98b', th: 'ผีเสื้อ', en: 'Butterfly' },
  { id: 'bee', code: '1f41d', th: 'ผึ้ง', en: 'Bee' },
  { id: 'apple', code: '1f34e', th: 'แอปเปิล', en: 'Apple' },
  { id: 'banana', code: '1f34c', th: 'กล้วย', en: 'Banana' },
  { id: 'watermelon', code: '1f349', th: 'แตงโม', en: 'Watermelon' },
  { id: 'grapes', code: '1f347', th: 'องุ่น', en: 'Grapes' },
  { id: 'car', code: '1f697', th: 'รถยนต์', en: 'Car' },
  { id: 'airplane', code: '2708', th: 'เครื่องบิน', en: 'Airplane' },
  { id: 'bicycle', code: '1f6b2', th: 'จักรยาน', en: 'Bicycle' },
  { id: 'ship', code: '1f6a2', th: 'เรือ', en: 'Ship' },
  { id: 'rocket', code: '1f680', th: 'จรวด', en: 'Rocket' },
  { id: 'house', code: '1f3e0', th: 'บ้าน', en: 'House' },
  { id: 'sun', code: '2600', th: 'ดวงอาทิตย์', en: 'Sun' },
  { id: 'moon', code: '1f319', th: 'พระจันทร์', en: 'Moon' },
  { id: 'star', code: '2b50', th: 'ดาว', en: 'Star' },
  { id: 'umbrella', code: '2602', th: 'ร่ม', en: 'Umbrella' },
  { id: 'key', code: '1f511', th: 'กุญแจ', en: 'Key' },
  { id: 'bell', code: '1f514', th: 'กระดิ่ง', en: 'Bell' },
  { id: 'guitar', code: '1f3b8', th: 'กีตาร์', en: 'Guitar' },
  { id: 'football', code: '26bd', th: 'ลูกฟุตบอล', en: 'Football' },
  { id: 'sunflower', code: '1f33b', th: 'ดอกทานตะวัน', en: 'Sunflower' },
  { id: 'tree', code: '1f333', th: 'ต้นไม้', en: 'Tree' },
  { id: 'balloon', code: '1f388', th: 'ลูกโป่ง', en: 'Balloon' },
  { id: 'lollipop', code: '1f36d', th: 'อมยิ้ม', en: 'Lollipop' },
] as const;

export const PICTURE_IDS: readonly string[] = PICTURES.map((p) => p.id);
export const GRID_SIZE = 9;
