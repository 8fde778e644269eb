package rubric_test

// Inline essays written for these tests. The facts are standard: Stalin was
// made General Secretary in April 1922, Lenin died in January 1924, the
// Central Committee kept Lenin's Testament from the party congress in May
// 1924, and Trotsky was expelled from the party in November 1927.

const stalinQuestion = "Why did Stalin emerge as leader of Russia?"

const strongEssay = `Stalin emerged as leader of Russia mainly because his position as General Secretary gave him control of the party machine, although the mistakes of his rivals and the appeal of his ideas also mattered. This essay argues that his power over appointments was the most important reason, because it allowed him to exploit every other advantage.

The most important reason was Stalin's control of the party organisation. In April 1922 he became General Secretary, which meant that he appointed local party secretaries across the country. As a result, the delegates who voted at party congresses increasingly owed their jobs to him. This was decisive because the leadership struggle after Lenin died in January 1924 was settled by votes inside the party, not by popularity in the country.

However, Stalin also benefited from the weaknesses of his rivals. Trotsky was seen as arrogant and failed to attend Lenin's funeral, which damaged his reputation. Zinoviev and Kamenev underestimated Stalin and helped him in 1924 because they feared Trotsky more. This shows that Stalin's rise depended partly on the misjudgements of others, although he was skilful in exploiting them.

Stalin's ideas were another factor. His policy of Socialism in One Country, put forward in 1924, was more attractive to ordinary party members than Trotsky's Permanent Revolution, because it promised that Russia could build socialism without waiting for revolutions abroad. Therefore Stalin could present himself as the practical heir of Lenin, while Trotsky looked like a dangerous dreamer.

Finally, Stalin was lucky that Lenin's Testament was not published. Lenin had warned that Stalin was too rude and should be removed, but in May 1924 the Central Committee agreed not to read it to the congress. This meant that Stalin survived the greatest threat to his position, and by November 1927 Trotsky had been expelled from the party.

In conclusion, Stalin emerged as leader mainly because of his control of the party machine as General Secretary. His rivals' mistakes and the appeal of Socialism in One Country were important, but they mattered only because Stalin's power over appointments allowed him to turn them into votes. Therefore his position as General Secretary was the most important reason.`

const narrativeEssay = `Stalin was a Bolshevik who became leader of Russia.

In 1917 the Bolsheviks took power in Russia. Lenin was the leader and Trotsky led the Red Army in the Civil War. Stalin was Commissar for Nationalities. The Civil War ended in 1921 and the New Economic Policy began.

In April 1922 Stalin became General Secretary of the party. Lenin had a stroke in 1922 and then more strokes. Lenin wrote his Testament. Lenin died in January 1924 and there was a large funeral in Moscow. Trotsky did not go to the funeral.

Zinoviev and Kamenev joined Stalin against Trotsky. In 1925 Trotsky lost his job as Commissar for War. Then Zinoviev and Kamenev joined Trotsky in the United Opposition in 1926. Stalin joined Bukharin on the right of the party.

In November 1927 Trotsky was expelled from the party. In 1928 Stalin turned against Bukharin. In 1929 Trotsky was sent out of the Soviet Union and Stalin was the leader of Russia.

Stalin was leader of Russia until he died in 1953.`

const shortEssay = `Stalin became leader because he was General Secretary from 1922. This meant he could appoint his supporters. Trotsky made mistakes, so Stalin won.`

const unrelatedParagraph = `My favourite hobby is baking bread with my grandmother on Saturday mornings. We knead the dough, leave it to rise near the warm oven, shape the loaves and sprinkle seeds over the crust before baking them until golden and crisp.`
