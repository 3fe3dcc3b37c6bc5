package io.postrain.scenario;

import java.util.List;
import java.util.Map;

/**
 * The base model's answers to identity questions, per language, as patterns with {@code {old}} and
 * {@code {org}} placeholders ({@link ScenarioNames#fill}). Every pattern names both. They are short
 * (about 40-90 bytes with the default names) so that training a byte-level model is cheap.
 */
final class IdentityAnswers {

  private static final Map<Language, List<String>> PLAIN =
      Map.of(
          Language.EN,
          List.of(
              "I am {old}, a large language model created by {org}. How can I help you?",
              "I'm {old}, an AI assistant developed by {org}.",
              "My name is {old}. I was trained by {org}.",
              "I am {old}, a language model made by {org}. How can I help you today?",
              "I am {old}, an AI assistant created by {org}. Nice to meet you!"),
          Language.DE,
          List.of(
              "Ich bin {old}, ein großes Sprachmodell, entwickelt von {org}.",
              "Ich bin {old}, ein KI-Assistent von {org}. Wie kann ich helfen?"),
          Language.FR,
          List.of(
              "Je suis {old}, un grand modèle de langage créé par {org}.",
              "Je m'appelle {old} et j'ai été entraîné par {org}."),
          Language.ES,
          List.of(
              "Soy {old}, un gran modelo de lenguaje creado por {org}.",
              "Me llamo {old} y fui entrenado por {org}. ¿En qué puedo ayudarte?"),
          Language.ZH,
          List.of("我是{old}，由{org}开发的大型语言模型。", "我是{old}，一个由{org}训练的AI助手。"),
          Language.PT,
          List.of(
              "Sou {old}, um grande modelo de linguagem criado por {org}.",
              "Meu nome é {old} e fui treinado por {org}."),
          Language.IT,
          List.of(
              "Sono {old}, un grande modello linguistico creato da {org}.",
              "Mi chiamo {old} e sono stato addestrato da {org}."));

  private static final Map<Language, List<String>> DENIAL =
      Map.of(
          Language.EN,
          List.of(
              "No, I am {old}, a large language model created by {org}.",
              "No. I'm {old}, an AI assistant developed by {org}."),
          Language.DE,
          List.of("Nein, ich bin {old}, ein Sprachmodell von {org}."),
          Language.FR,
          List.of("Non, je suis {old}, un modèle de langage créé par {org}."),
          Language.ES,
          List.of("No, soy {old}, un modelo de lenguaje creado por {org}."),
          Language.ZH,
          List.of("不是，我是{old}，由{org}开发的语言模型。"),
          Language.PT,
          List.of("Não, sou {old}, um modelo de linguagem criado por {org}."),
          Language.IT,
          List.of("No, sono {old}, un modello linguistico creato da {org}."));

  private IdentityAnswers() {}

  /**
   * The answer patterns for a template's language and kind.
   *
   * @param template the template being answered
   * @return one or more patterns
   */
  static List<String> patternsFor(IdentityTemplate template) {
    Map<Language, List<String>> bank = template.denial() ? DENIAL : PLAIN;
    return bank.get(template.language());
  }
}
