package language

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

func TestGuess(t *testing.T) {
	cases := []struct {
		name, text, lang string
		english          bool
	}{
		{"English", "When Lenin died in 1924 there was no obvious leader to take his place and a power struggle started between the leading Bolsheviks. The main people were Trotsky, Stalin, Zinoviev, Kamenev and Bukharin, and by 1929 Stalin had won.", "English", true},
		{"EnglishQuotingFrench", "The king's ministers could not solve the crisis of the Ancien Régime. As the pamphlet put it, « le tiers état est tout », and the Third Estate came to believe that it was the nation. This is why the meeting of the Estates-General in May 1789 became a revolution.", "English", true},
		{"French", "La Révolution française commence en 1789. Le roi Louis XVI convoque les états généraux à Versailles au mois de mai, et le tiers état se proclame Assemblée nationale le 17 juin. Le 14 juillet, le peuple de Paris prend la Bastille, et la monarchie absolue ne se relève pas.", "French", false},
		{"Welsh", "Roedd y Chwyldro Diwydiannol yn gyfnod o newid mawr yng Nghymru. Mae haneswyr yn dweud bod y gweithfeydd haearn ym Merthyr wedi tyfu yn gyflym, ac roedd y gweithwyr yn byw mewn tai gwael gyda dim dŵr glân. Roedd terfysg Merthyr yn 1831 yn bwysig iawn.", "Welsh", false},
		{"Spanish", "La guerra civil española comenzó en julio de 1936 con un golpe de estado contra el gobierno de la República. Los sublevados, dirigidos por Franco, recibieron ayuda de Alemania e Italia, y la guerra terminó en 1939 con la victoria de los nacionales.", "Spanish", false},
		{"German", "Die Weimarer Republik wurde 1919 gegründet und hatte von Anfang an viele Probleme. Der Vertrag von Versailles war sehr unbeliebt, und die Inflation von 1923 hat viele Menschen arm gemacht. Im Jahr 1933 wurde Hitler zum Reichskanzler ernannt und die Demokratie war zu Ende.", "German", false},
		{"ShortList", "Trotsky Stalin Zinoviev Kamenev Bukharin", "English", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := analysis.Parse(context.Background(), c.text)
			require.NoError(t, err)
			lang, english := Guess(doc)
			assert.Equal(t, c.english, english)
			assert.Equal(t, c.lang, lang)
		})
	}
}
