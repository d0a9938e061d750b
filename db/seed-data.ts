/**
 * The demo community: Nimbus, a fictional consumer-electronics brand
 * (headphones, speakers, smart home, wearables). Written by hand so that
 * screenshots and a first look read like a real forum.
 */
export const demoPassword = "community-demo";

export const demoCategories: { slug: string; name: string; description: string; visibility?: "public" | "advocates" | "staff" }[] = [
  { slug: "headphones", name: "Headphones & Earbuds", description: "Nimbus Air, Air Pro and Studio: pairing, noise cancelling, fit and battery." },
  { slug: "speakers", name: "Speakers & Soundbars", description: "Nimbus Arc, Pulse and Beam: multi-room, Wi-Fi set-up and sound tuning." },
  { slug: "smart-home", name: "Smart Home", description: "Nimbus Hub, Sense thermostats and cameras: automations and integrations." },
  { slug: "wearables", name: "Wearables", description: "Nimbus Band and Watch: fitness tracking, sleep, notifications and straps." },
  { slug: "app", name: "Nimbus App", description: "The Nimbus app on iOS and Android: accounts, firmware updates and settings." },
  { slug: "orders", name: "Orders & Warranty", description: "Shipping, returns, repairs and warranty claims." },
  { slug: "advocate-lounge", name: "Advocate Lounge", description: "Private to advocates and staff: early firmware notes, tricky threads, programme news.", visibility: "advocates" },
];

export const demoStaff = [
  { username: "nora_nimbus", email: "nora@nimbus.example", role: "admin" as const, displayName: "Nora (Nimbus Community Lead)" },
  { username: "leo_support", email: "leo@nimbus.example", role: "staff" as const, displayName: "Leo (Nimbus Support)" },
  { username: "priya_support", email: "priya@nimbus.example", role: "staff" as const, displayName: "Priya (Nimbus Support)" },
];

export const demoAdvocates = ["audio_amir", "hubmaster_jo", "kasia_runs", "techie_tom", "marta_sound"];

export const demoCustomers = [
  "ben_k", "chloe.w", "diego_r", "elif_s", "frank_m", "grace_l", "hugo_b", "isla_p", "jamal_t", "keiko_n",
  "liam_o", "maya_d", "noah_v", "olga_f", "pete_h", "quinn_a", "rosa_g", "sven_e", "tara_c", "umar_i",
  "vera_j", "will_x", "yusuf_z", "zoe_q",
].map((u) => u.replace(".", "_"));

export interface DemoAnswer {
  by: string;
  body: string;
  accepted?: boolean;
  score?: number;
  /** When it came, in minutes after the question (else the seed spreads answers over the following hours). */
  afterMinutes?: number;
}

export interface DemoQuestion {
  category: string;
  title: string;
  body: string;
  tags: string[];
  by: string;
  score?: number;
  daysAgo: number;
  answers: DemoAnswer[];
  /** Closed, a few minutes after its last answer, as a duplicate of the question with this title. */
  duplicateOf?: { title: string; by: string };
}

export const demoQuestions: DemoQuestion[] = [
  {
    category: "headphones",
    title: "Air Pro keeps disconnecting from my Windows laptop every few minutes",
    body: "My Nimbus Air Pro pair fine with my phone, but on my Windows 11 laptop the audio drops every 3-5 minutes and comes back after a few seconds. Firmware is 4.2.1. Anyone else seen this?",
    tags: ["air-pro", "bluetooth", "windows"],
    by: "ben_k",
    score: 7,
    daysAgo: 2,
    answers: [
      {
        by: "audio_amir",
        body: "This is almost always Windows turning off the Bluetooth adapter to save power.\n\n1. Open **Device Manager** → *Bluetooth* → your adapter → *Properties*.\n2. On *Power Management*, untick **Allow the computer to turn off this device to save power**.\n3. Remove the Air Pro from Bluetooth settings and pair again.\n\nIf you use a USB dongle, plug it into a port away from USB 3 devices: they interfere on 2.4 GHz.",
        accepted: true,
        score: 12,
      },
      { by: "frank_m", body: "Same here on a Dell XPS. The power management tick box fixed it for me too.", score: 3 },
    ],
  },
  {
    category: "headphones",
    title: "How do I turn off the touch controls on Nimbus Air earbuds?",
    body: "I keep pausing music when I adjust the earbuds under my beanie. Is there a way to disable the tap gestures, or at least the single tap?",
    tags: ["air", "touch-controls"],
    by: "chloe_w",
    score: 4,
    daysAgo: 5,
    answers: [
      {
        by: "hubmaster_jo",
        body: "In the Nimbus app open your Air → **Controls** → pick left or right → set *Single tap* to **None**. You can keep double tap for play/pause if you like.",
        accepted: true,
        score: 6,
      },
    ],
  },
  {
    category: "headphones",
    title: "Noise cancelling makes a faint hiss on Nimbus Studio in quiet rooms",
    body: "When ANC is on and nothing is playing I hear a quiet hiss. It disappears with ANC off. Is this normal or a defect? Bought them two weeks ago.",
    tags: ["studio", "anc", "hiss"],
    by: "diego_r",
    score: 3,
    daysAgo: 9,
    answers: [
      {
        by: "marta_sound",
        body: "A very faint hiss in a silent room is normal for most ANC headphones: it's the noise-cancelling microphones' own noise floor. If you can hear it over quiet music, that is not normal.",
        score: 5,
      },
      {
        by: "leo_support",
        body: "Thanks for the detail, Diego. Firmware 3.8 lowered the ANC noise floor on Studio by about 4 dB: check **Settings → Firmware** in the app. If the hiss stays loud after updating, reply here and I'll start a replacement under warranty.",
        accepted: true,
        score: 8,
      },
    ],
  },
  {
    category: "headphones",
    title: "Which ear tips give the best seal on Air Pro for running?",
    body: "The medium tips fall out when I run. Has anyone tried foam tips with the Air Pro case? Worried they won't fit in the charging case.",
    tags: ["air-pro", "fit", "running"],
    by: "kasia_runs",
    daysAgo: 14,
    answers: [
      { by: "techie_tom", body: "Comply T-400 size foam tips fit and the case still closes. Run the **Ear Tip Fit Test** in the app after swapping.", accepted: true, score: 9 },
      { by: "isla_p", body: "I use the large silicone tips that came in the box, plus the wing tips. Zero falls in a half marathon.", score: 2 },
    ],
  },
  {
    category: "headphones",
    title: "Battery on my Nimbus Air case drains overnight even when the earbuds are out",
    body: "Left the case closed and empty on my desk and it went from 80% to 35% overnight. Is the case faulty?",
    tags: ["air", "battery", "charging-case"],
    by: "elif_s",
    daysAgo: 1,
    answers: [],
  },
  {
    category: "headphones",
    title: "Can I connect Air Pro to two devices at the same time (multipoint)?",
    body: "I'd like to hear my laptop calls and still get phone notifications. Does Air Pro support multipoint and how do I turn it on?",
    tags: ["air-pro", "multipoint", "bluetooth"],
    by: "grace_l",
    score: 5,
    daysAgo: 20,
    answers: [
      { by: "audio_amir", body: "Yes, since firmware 4.0. App → your Air Pro → **Connections** → turn on *Connect to two devices*. Then pair the second device as usual.", accepted: true, score: 11 },
    ],
  },
  {
    category: "speakers",
    title: "Arc soundbar has lip-sync delay with my LG TV over HDMI ARC",
    body: "Voices are noticeably behind the picture on Netflix and YouTube apps on the TV. Connected with HDMI ARC, TV is an LG C2.",
    tags: ["arc", "hdmi", "lip-sync"],
    by: "hugo_b",
    score: 6,
    daysAgo: 3,
    answers: [
      {
        by: "marta_sound",
        body: "On LG TVs set **Sound → Advanced → Digital Sound Output** to *Pass Through* and turn off *AV Sync Adjustment* on the TV side. Then use the Arc's own *Audio delay* slider in the app if anything is left.",
        accepted: true,
        score: 10,
      },
      { by: "jamal_t", body: "Also check that eARC is on in the TV's HDMI settings, it made a big difference on my C1.", score: 4 },
    ],
  },
  {
    category: "speakers",
    title: "Pulse speakers drop out of the multi-room group after the router reboots",
    body: "Every night my router restarts at 4am and afterwards the kitchen Pulse is no longer in the group. Regrouping in the app fixes it until the next night.",
    tags: ["pulse", "multi-room", "wifi"],
    by: "isla_p",
    score: 2,
    daysAgo: 6,
    answers: [
      { by: "hubmaster_jo", body: "Give each Pulse a DHCP reservation on the router so they come back with the same address. Multi-room groups survive reboots much better.", score: 5 },
    ],
  },
  {
    category: "speakers",
    title: "How do I set up stereo pairing with two Pulse Mini speakers?",
    body: "Just got a second Pulse Mini. I want left/right stereo on my desk. Can't find the option.",
    tags: ["pulse-mini", "stereo"],
    by: "jamal_t",
    daysAgo: 11,
    answers: [
      { by: "techie_tom", body: "App → *Rooms* → pick the room → **Stereo pair** → choose the second Pulse Mini, then the app plays a tone so you can pick which one is left.", accepted: true, score: 7 },
    ],
  },
  {
    category: "speakers",
    title: "Beam subwoofer not detected after firmware update 7.1",
    body: "After updating the Beam soundbar to 7.1 the wireless sub isn't found anymore. Sub LED blinks amber. Already power-cycled both.",
    tags: ["beam", "subwoofer", "firmware"],
    by: "keiko_n",
    score: 9,
    daysAgo: 0,
    answers: [],
  },
  {
    category: "speakers",
    title: "Is there an EQ to reduce the bass on the Arc soundbar at night?",
    body: "Neighbours complain about the bass late in the evening. Is there a night mode or an EQ I can schedule?",
    tags: ["arc", "eq", "night-mode"],
    by: "liam_o",
    daysAgo: 17,
    answers: [
      { by: "marta_sound", body: "Turn on **Night Sound** in the Arc settings: it compresses loud effects and lowers the bass. There is no schedule yet, but you can toggle it from the remote by holding the volume-down key for 3 seconds.", accepted: true, score: 6 },
      { by: "priya_support", body: "A scheduled Night Sound is on the roadmap for the next app release. I've added your vote to the request.", score: 3 },
    ],
  },
  {
    category: "smart-home",
    title: "Nimbus Hub won't join my 5 GHz Wi-Fi network",
    body: "Setup fails at the last step with 'Could not reach network'. My router broadcasts 2.4 and 5 GHz under the same name. Phone is on 5 GHz.",
    tags: ["hub", "wifi", "setup"],
    by: "maya_d",
    score: 8,
    daysAgo: 4,
    answers: [
      {
        by: "hubmaster_jo",
        body: "The Hub only speaks **2.4 GHz**. With one name for both bands, the router sometimes steers it to 5 GHz and setup fails. Temporarily split the bands (e.g. `Home-2G`), join the Hub to the 2.4 GHz name, then merge them again: the Hub stays on 2.4.",
        accepted: true,
        score: 14,
      },
    ],
  },
  {
    category: "smart-home",
    title: "Sense thermostat shows the wrong room temperature by about 2 degrees",
    body: "My Sense says 22.5°C but two other thermometers say 20.5°C. It is mounted on an inside wall, away from windows.",
    tags: ["sense", "thermostat", "calibration"],
    by: "noah_v",
    score: 3,
    daysAgo: 8,
    answers: [
      { by: "techie_tom", body: "Sense → *Settings* → **Temperature offset**: set -2.0. Also check nothing warm is behind the wall (a hot-water pipe is the usual culprit).", accepted: true, score: 5 },
    ],
  },
  {
    category: "smart-home",
    title: "Can Nimbus Hub automations run when the internet is down?",
    body: "If my broadband goes down, do the lights still follow my motion sensor rules, or does everything run in the cloud?",
    tags: ["hub", "automations", "offline"],
    by: "olga_f",
    score: 11,
    daysAgo: 22,
    answers: [
      { by: "leo_support", body: "Automations that use only devices paired to the Hub (Zigbee and Thread) run locally and keep working offline. Rules that involve cloud services (weather, other brands' clouds) wait until the connection is back.", accepted: true, score: 15 },
      { by: "hubmaster_jo", body: "Confirmed: I pulled the WAN cable for a test and my hallway motion light kept working.", score: 6 },
    ],
  },
  {
    category: "smart-home",
    title: "Camera notifications arrive 30 seconds late on Android",
    body: "Motion alerts from my Nimbus Cam reach my Pixel 7 long after the event. The clip itself shows the right time.",
    tags: ["camera", "notifications", "android"],
    by: "pete_h",
    daysAgo: 2,
    answers: [
      { by: "will_x", body: "Set the Nimbus app's battery usage to *Unrestricted* in Android settings. Android delays notifications for apps it optimises.", score: 3 },
    ],
  },
  {
    category: "smart-home",
    title: "How do I add Nimbus Sense to Google Home?",
    body: "I'd like to control the thermostat with my Nest speaker. Is there a Google Home integration?",
    tags: ["sense", "google-home", "integrations"],
    by: "quinn_a",
    daysAgo: 30,
    answers: [
      { by: "hubmaster_jo", body: "Google Home app → **+** → *Works with Google* → search **Nimbus** → sign in with your Nimbus account. The Sense shows up as a thermostat.", accepted: true, score: 4 },
    ],
  },
  {
    category: "wearables",
    title: "Nimbus Band counts steps while I'm driving",
    body: "I get 1,500 extra steps on my commute. Is there a way to stop this?",
    tags: ["band", "steps", "accuracy"],
    by: "rosa_g",
    score: 5,
    daysAgo: 7,
    answers: [
      { by: "kasia_runs", body: "Wear it on your non-dominant wrist and set that in the app (*Band → Wrist*). The step filter is tuned for that. Rough roads still add a few, but far fewer.", accepted: true, score: 7 },
    ],
  },
  {
    category: "wearables",
    title: "Sleep tracking says I was awake for hours but I slept fine",
    body: "Nimbus Watch shows 2-3 hours awake every night. I'm pretty sure I sleep through. Any settings to tweak?",
    tags: ["watch", "sleep"],
    by: "sven_e",
    daysAgo: 12,
    answers: [
      { by: "kasia_runs", body: "Set sleep sensitivity to *Normal* rather than *Sensitive* (Watch → Sleep → Sensitivity) and wear the watch a finger's width above the wrist bone.", score: 4 },
      { by: "priya_support", body: "We've improved the sleep-stage model in Watch firmware 2.6. After updating, give it three nights to recalibrate. If the awake time is still off, send us a sleep report from *Help → Send diagnostics* and mention this thread.", accepted: true, score: 5 },
    ],
  },
  {
    category: "wearables",
    title: "Can I swap the strap on Nimbus Watch for a standard 20 mm band?",
    body: "The sport strap irritates my skin. Do third-party 20 mm quick-release bands fit?",
    tags: ["watch", "straps"],
    by: "tara_c",
    daysAgo: 26,
    answers: [
      { by: "techie_tom", body: "Yes, the Watch uses standard 20 mm quick-release pins. Any quick-release band fits.", accepted: true, score: 6 },
    ],
  },
  {
    category: "wearables",
    title: "Watch doesn't show WhatsApp notifications on iPhone",
    body: "Calls and SMS show up on my Nimbus Watch but WhatsApp messages never do. Notifications are enabled for WhatsApp on the phone.",
    tags: ["watch", "notifications", "ios"],
    by: "umar_i",
    score: 2,
    daysAgo: 1,
    answers: [],
  },
  {
    category: "app",
    title: "Firmware update stuck at 99% in the Nimbus app",
    body: "Updating my Air Pro from the iOS app, the progress bar sits at 99% for 20 minutes. Is it safe to close the app?",
    tags: ["firmware", "ios", "air-pro"],
    by: "vera_j",
    score: 10,
    daysAgo: 3,
    answers: [
      {
        by: "leo_support",
        body: "Yes, it's safe: at 99% the earbuds are verifying the image and the update is already stored. Put both earbuds in the case, close the lid for 30 seconds, reopen and check **Settings → Firmware**. If it still shows the old version, start the update again with the phone on Wi-Fi and above 50% battery.",
        accepted: true,
        score: 13,
      },
    ],
  },
  {
    category: "app",
    title: "How do I share my Nimbus Hub with my partner's account?",
    body: "My partner wants to control the lights from their phone without using my login.",
    tags: ["hub", "sharing", "accounts"],
    by: "will_x",
    daysAgo: 15,
    answers: [
      { by: "hubmaster_jo", body: "App → **Home** → *Members* → *Invite*. They get an email and can control everything except removing devices.", accepted: true, score: 5 },
    ],
  },
  {
    category: "app",
    title: "App asks me to log in every time I open it on Android 14",
    body: "Since last week's update, the Nimbus app forgets my login each time I close it. Cleared cache already.",
    tags: ["android", "login", "bug"],
    by: "yusuf_z",
    score: 6,
    daysAgo: 0,
    answers: [
      { by: "techie_tom", body: "Same on my Galaxy S23. Seems to be linked to the new passkey option: logging in with password instead of passkey sticks for me.", score: 4 },
    ],
  },
  {
    category: "app",
    title: "Is there a dark mode in the Nimbus app?",
    body: "The white screens are very bright at night. Can't find a theme setting.",
    tags: ["app", "dark-mode"],
    by: "zoe_q",
    daysAgo: 40,
    answers: [
      { by: "priya_support", body: "The app follows your phone's system theme since version 5.2. Switch your phone to dark mode and the app follows.", accepted: true, score: 4 },
    ],
  },
  {
    category: "orders",
    title: "How long does a warranty replacement for Air Pro take?",
    body: "My left earbud stopped charging. I opened a warranty claim yesterday. How long until a replacement arrives?",
    tags: ["warranty", "air-pro", "replacement"],
    by: "frank_m",
    score: 3,
    daysAgo: 4,
    answers: [
      { by: "priya_support", body: "Once the claim is approved (usually within one working day), replacements ship in 2-3 working days in the EU and US. You'll get a tracking email. For a single earbud we ship just that side, so you keep your case.", accepted: true, score: 6 },
    ],
  },
  {
    category: "orders",
    title: "Can I return a speaker bought in a store through Nimbus directly?",
    body: "Bought a Pulse at an electronics store 20 days ago. The store wants a restocking fee. Can I return it to Nimbus instead?",
    tags: ["returns", "pulse", "retail"],
    by: "grace_l",
    daysAgo: 10,
    answers: [
      { by: "leo_support", body: "Returns for store purchases go through the store, but a faulty product is always covered by our 2-year warranty directly with us: open a claim at *Support → Warranty* with the receipt.", score: 5 },
    ],
  },
  {
    category: "orders",
    title: "Order shows delivered but nothing arrived",
    body: "Tracking says my Nimbus Watch was delivered this morning but there's no parcel. What should I do?",
    tags: ["shipping", "delivery"],
    by: "hugo_b",
    score: 1,
    daysAgo: 0,
    answers: [],
  },
  {
    category: "headphones",
    title: "Microphone sounds muffled on Teams calls with Air Pro",
    body: "Colleagues say I sound far away on Microsoft Teams calls with Air Pro. Phone calls are fine.",
    tags: ["air-pro", "microphone", "teams"],
    by: "jamal_t",
    score: 4,
    daysAgo: 6,
    answers: [
      { by: "audio_amir", body: "In Teams pick **Nimbus Air Pro Hands-Free** for both speaker and mic, not the *Stereo* device. If Windows exposes only Stereo, update the Bluetooth driver: the LE Audio profile in newer drivers sounds much better.", accepted: true, score: 8 },
    ],
  },
  {
    category: "speakers",
    title: "Can I use the Arc soundbar with a turntable?",
    body: "I have a turntable with a built-in preamp. The Arc only has HDMI and optical. Any way to connect?",
    tags: ["arc", "turntable", "inputs"],
    by: "keiko_n",
    daysAgo: 33,
    answers: [
      { by: "marta_sound", body: "Use the Nimbus Line-In adapter (HDMI to analogue), or a small analogue-to-optical converter. Both work; the adapter lets the app switch inputs automatically.", accepted: true, score: 5 },
    ],
  },
  {
    category: "smart-home",
    title: "Motion sensor batteries only last a month",
    body: "My Nimbus motion sensor in the hallway eats a CR2450 every 4-5 weeks. Box says a year.",
    tags: ["motion-sensor", "battery"],
    by: "liam_o",
    daysAgo: 5,
    answers: [
      { by: "hubmaster_jo", body: "Check the sensor's *Sensitivity* and *Cool-down*: a 10-second cool-down in a busy hallway wakes the radio thousands of times a day. 60 seconds is a good start.", score: 3 },
    ],
  },
  {
    category: "wearables",
    title: "Nimbus Band won't charge after swimming",
    body: "After a pool session the band shows no charging icon on the cradle. It worked before.",
    tags: ["band", "charging", "water"],
    by: "maya_d",
    daysAgo: 2,
    answers: [
      { by: "kasia_runs", body: "Rinse the contacts with fresh water, let it dry fully (a few hours) and clean the pins with a dry cotton bud. Chlorine residue on the pins stops charging.", score: 2 },
    ],
  },
  {
    category: "app",
    title: "Where can I find the serial number of my Nimbus Studio?",
    body: "Support asked for the serial number for a repair. Where is it printed?",
    tags: ["studio", "serial-number"],
    by: "noah_v",
    daysAgo: 45,
    answers: [
      { by: "techie_tom", body: "Inside the left ear cup under the cushion, or in the app: *Studio → About*.", accepted: true, score: 3 },
    ],
  },
  {
    category: "advocate-lounge",
    title: "Firmware 4.3 beta for Air Pro: what to tell customers about the multipoint change",
    body: "Advocates: 4.3 moves multipoint from the app's Labs page into Settings. Expect questions from people who can't find the toggle any more. Please point them to *Settings → Connections → Multipoint* and flag anything odd here first.",
    tags: ["air-pro", "firmware", "beta"],
    by: "leo_support",
    score: 3,
    daysAgo: 3,
    answers: [
      { by: "audio_amir", body: "Thanks Leo. I've seen two threads already where people thought multipoint was removed. I'll link them to this wording.", score: 2 },
      { by: "kasia_runs", body: "Could we get a short changelog we can quote? Customers trust the official wording more than ours.", score: 1 },
    ],
  },
  {
    category: "advocate-lounge",
    title: "How do you handle a customer who is angry about a warranty refusal?",
    body: "Had a tough thread today about water damage on a Band. I stayed polite but I'm not sure when to hand over to staff. What do you all do?",
    tags: ["warranty", "community"],
    by: "hubmaster_jo",
    score: 2,
    daysAgo: 6,
    answers: [
      {
        by: "priya_support",
        body: "Hand over as soon as it's about a decision only we can make (refunds, exceptions, repairs). Mention @priya_support or use *Escalate*; we reply within the hour. You did the right thing by staying factual.",
        accepted: true,
        score: 4,
      },
    ],
  },
  {
    category: "smart-home",
    title: "Will my Hub automations keep running if the Wi-Fi goes down?",
    body: "Our Wi-Fi drops for a few minutes most evenings. Do the motion-sensor rules on my Nimbus Hub stop when that happens?",
    tags: ["hub", "automations", "offline"],
    by: "sven_e",
    daysAgo: 9,
    answers: [
      {
        by: "hubmaster_jo",
        body: "Rules between devices paired to the Hub run on the Hub itself, so a Wi-Fi or internet outage doesn't stop them. Leo answered this in detail in the thread I've linked above, including which rules do wait for the connection.",
        afterMinutes: 12,
      },
    ],
    duplicateOf: { title: "Can Nimbus Hub automations run when the internet is down?", by: "hubmaster_jo" },
  },
];
