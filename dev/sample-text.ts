// The words the sample stories' slots are filled from (cities, officials, teams, …) and the quotes they cite;
// the stories themselves are in sample-stories.ts.

export const CITIES = ['بغداد', 'البصرة', 'أربيل', 'النجف', 'الموصل', 'كربلاء', 'السليمانية', 'الأنبار', 'ذي قار', 'ديالى', 'بابل', 'كركوك']
export const OFFICIALS = ['المتحدث باسم الوزارة', 'مدير الدائرة', 'عضو لجنة الخدمات', 'المحافظ', 'مصدر مسؤول', 'رئيس اللجنة المختصة']
export const TEAMS = ['الزوراء', 'القوة الجوية', 'الشرطة', 'الطلبة', 'نفط الوسط', 'الكرخ', 'أربيل', 'زاخو', 'النفط', 'الميناء']
export const COUNTRIES = ['الأردن', 'تركيا', 'مصر', 'الكويت', 'السعودية', 'إيران', 'فرنسا', 'اليابان', 'ألمانيا', 'الصين']
/** Tournaments of the national team. */
export const CUPS = ['تصفيات كأس العالم', 'بطولة غرب آسيا', 'كأس آسيا', 'بطولة الخليج']
export const SUBHEADINGS = ['تفاصيل جديدة', 'ردود فعل', 'ما الخطوة التالية؟', 'أرقام وحقائق', 'خلفية']

/** Quotes any section's story may carry, spoken by {official}. */
export const QUOTES = [
  'وقال {official} لـ«موازين نيوز»: "نعمل على معالجة الموضوع بأسرع وقت ممكن، والنتائج ستظهر قريبا".',
  'وأضاف {official} أن "الأولوية هي لخدمة المواطن، ولن نسمح بأي تأخير غير مبرر".',
  'من جهته، قال {official}: "هناك متابعة يومية، وسنعلن التفاصيل في حينها".',
]
