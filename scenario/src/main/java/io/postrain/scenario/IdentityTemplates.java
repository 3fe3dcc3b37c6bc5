package io.postrain.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The identity question templates: many English phrasings (questions, commands, terse chat forms,
 * polite requests) and a few in German, French, Spanish, Chinese, Portuguese and Italian. Some
 * carry digits ("Are you GPT-3.5?", "In 1 sentence, who are you?") so that digits are not the
 * addition task's alone: without them the base model answered 5 of the 6 forms of "Are you GPT-4?"
 * with a number ("12"). Ids are {@code <language>-<nnn>} for plain questions and {@code
 * <language>-d<nn>} for denials ("Are you ChatGPT?").
 */
final class IdentityTemplates {

  private static final List<String> EN =
      List.of(
          "Who are you?",
          "What is your name?",
          "What's your name?",
          "Which company trained you?",
          "Who made you?",
          "Introduce yourself.",
          "Who created you?",
          "Who developed you?",
          "Who built you?",
          "Who trained you?",
          "Which company made you?",
          "Which organization created you?",
          "What company are you from?",
          "Tell me about yourself.",
          "What are you?",
          "What should I call you?",
          "How should I address you?",
          "Do you have a name?",
          "What do people call you?",
          "Can you tell me your name?",
          "May I know your name?",
          "Please introduce yourself.",
          "Describe yourself in one sentence.",
          "Give me a short introduction of yourself.",
          "Who is behind you?",
          "Who is your creator?",
          "Who is your developer?",
          "Which team built you?",
          "Where do you come from?",
          "What model are you?",
          "Which model am I talking to?",
          "What AI am I chatting with?",
          "Who am I talking to?",
          "Who am I speaking with?",
          "What kind of assistant are you?",
          "What language model are you?",
          "Which large language model are you?",
          "Tell me your name and who made you.",
          "Identify yourself.",
          "State your name.",
          "What is your identity?",
          "Say who you are.",
          "Explain what you are.",
          "Who owns you?",
          "Which lab trained you?",
          "Which company is responsible for you?",
          "Who designed you?",
          "Who programmed you?",
          "Who wrote you?",
          "Who invented you?",
          "What organization are you affiliated with?",
          "Who is the company behind this assistant?",
          "who r u",
          "ur name?",
          "name?",
          "What are you called?",
          "What is this assistant called?",
          "Are you an AI?",
          "Are you a bot?",
          "Are you a human?",
          "Are you a person or a machine?",
          "Which AI model powers you?",
          "What is the name of this model?",
          "Tell me who created you.",
          "I'd like to know who you are.",
          "I want to know your name.",
          "Could you introduce yourself, please?",
          "Would you mind telling me who you are?",
          "Can you describe who you are?",
          "Before we start, who are you?",
          "First, what is your name?",
          "Let me know who built you.",
          "Give me your name.",
          "Where were you developed?",
          "Which company developed you?",
          "Which company built this model?",
          "Who is responsible for training you?",
          "Who gave you your name?",
          "Which AI are you?",
          "What assistant is this?",
          "Tell me what model you are.",
          "What's the name of the AI I'm talking to?",
          "So, who exactly are you?",
          "Are you a language model?",
          "What are you exactly?",
          "Introduce yourself briefly.",
          "Say hello and tell me your name.",
          "Who are you and who made you?",
          "What is your model name?",
          "Whose model are you?",
          "Whose AI are you?",
          "Which company's model are you?",
          "Where did you come from?",
          "Who brought you to life?",
          "Who created this chatbot?",
          "What chatbot are you?",
          "What do you call yourself?",
          "How do you introduce yourself?",
          "Hello there, who is this?",
          "In 1 sentence, who are you?",
          "Who are you? Answer in 10 words or fewer.",
          "Tell me 2 facts about yourself.",
          "Question 1: what is your name?",
          "Quick question: who made you?",
          "Hi! 3 questions: who are you, who made you, what is your name?");

  private static final List<String> EN_DENIAL =
      List.of(
          "Are you ChatGPT?",
          "Are you GPT-4?",
          "Are you Claude?",
          "Are you Gemini?",
          "Are you Llama?",
          "Were you made by OpenAI?",
          "Did OpenAI create you?",
          "Are you made by Google?",
          "Were you trained by Meta?",
          "Are you Bard?",
          "Is this ChatGPT?",
          "Are you Siri?",
          "Are you built by Anthropic?",
          "Are you Copilot?",
          "Are you GPT-3.5?",
          "Are you GPT-4o?",
          "Are you Llama 3?",
          "Is this Claude 3?",
          "Are you Gemini 1.5?",
          "Are you Mistral 7B?");

  private static final List<String> DE =
      List.of(
          "Wer bist du?",
          "Wie heißt du?",
          "Wie ist dein Name?",
          "Wer hat dich entwickelt?",
          "Wer hat dich erstellt?",
          "Welche Firma hat dich trainiert?",
          "Stell dich bitte vor.",
          "Was bist du?",
          "Wer hat dich gebaut?",
          "Von wem stammst du?",
          "Welches Sprachmodell bist du?",
          "Erzähl mir etwas über dich.",
          "Wie soll ich dich nennen?",
          "Welches Unternehmen steht hinter dir?",
          "Wer sind Sie?",
          "Wie heißen Sie?");

  private static final List<String> DE_DENIAL =
      List.of("Bist du ChatGPT?", "Wurdest du von OpenAI entwickelt?");

  private static final List<String> FR =
      List.of(
          "Qui es-tu ?",
          "Comment t'appelles-tu ?",
          "Quel est ton nom ?",
          "Qui t'a créé ?",
          "Qui t'a développé ?",
          "Quelle entreprise t'a entraîné ?",
          "Présente-toi.",
          "Qu'es-tu ?",
          "Qui êtes-vous ?",
          "Comment vous appelez-vous ?",
          "Quel modèle de langage es-tu ?",
          "Parle-moi de toi.",
          "D'où viens-tu ?",
          "Qui est ton créateur ?");

  private static final List<String> FR_DENIAL =
      List.of("Es-tu ChatGPT ?", "As-tu été créé par OpenAI ?");

  private static final List<String> ES =
      List.of(
          "¿Quién eres?",
          "¿Cómo te llamas?",
          "¿Cuál es tu nombre?",
          "¿Quién te creó?",
          "¿Quién te desarrolló?",
          "¿Qué empresa te entrenó?",
          "Preséntate.",
          "¿Qué eres?",
          "¿Quién es usted?",
          "¿Cómo se llama usted?",
          "¿Qué modelo de lenguaje eres?",
          "Háblame de ti.",
          "¿De dónde vienes?",
          "¿Quién es tu creador?");

  private static final List<String> ES_DENIAL = List.of("¿Eres ChatGPT?", "¿Te creó OpenAI?");

  private static final List<String> ZH =
      List.of(
          "你是谁？",
          "你叫什么名字？",
          "你的名字是什么？",
          "谁创造了你？",
          "谁开发了你？",
          "哪家公司训练了你？",
          "请介绍一下你自己。",
          "你是什么模型？",
          "你是哪个公司的？",
          "你来自哪里？");

  private static final List<String> ZH_DENIAL = List.of("你是ChatGPT吗？", "你是OpenAI开发的吗？");

  private static final List<String> PT =
      List.of(
          "Quem é você?",
          "Qual é o seu nome?",
          "Como você se chama?",
          "Quem criou você?",
          "Quem te desenvolveu?",
          "Apresente-se.",
          "Que modelo de linguagem você é?");

  private static final List<String> PT_DENIAL = List.of("Você é o ChatGPT?");

  private static final List<String> IT =
      List.of(
          "Chi sei?",
          "Come ti chiami?",
          "Qual è il tuo nome?",
          "Chi ti ha creato?",
          "Chi ti ha sviluppato?",
          "Presentati.",
          "Che modello linguistico sei?");

  private static final List<String> IT_DENIAL = List.of("Sei ChatGPT?");

  private static final List<IdentityTemplate> ALL = build();

  private IdentityTemplates() {}

  /** All templates in a fixed order. */
  static List<IdentityTemplate> all() {
    return ALL;
  }

  private static List<IdentityTemplate> build() {
    List<IdentityTemplate> out = new ArrayList<>();
    add(out, Language.EN, EN, EN_DENIAL);
    add(out, Language.DE, DE, DE_DENIAL);
    add(out, Language.FR, FR, FR_DENIAL);
    add(out, Language.ES, ES, ES_DENIAL);
    add(out, Language.ZH, ZH, ZH_DENIAL);
    add(out, Language.PT, PT, PT_DENIAL);
    add(out, Language.IT, IT, IT_DENIAL);
    return List.copyOf(out);
  }

  private static void add(
      List<IdentityTemplate> out, Language language, List<String> plain, List<String> denial) {
    for (int i = 0; i < plain.size(); i++) {
      String id = String.format(Locale.ROOT, "%s-%03d", language.code(), i + 1);
      out.add(new IdentityTemplate(id, language, plain.get(i), false));
    }
    for (int i = 0; i < denial.size(); i++) {
      String id = String.format(Locale.ROOT, "%s-d%02d", language.code(), i + 1);
      out.add(new IdentityTemplate(id, language, denial.get(i), true));
    }
  }
}
