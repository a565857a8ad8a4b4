<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>AccountPage</name>
    <message>
        <source>Connect the store&apos;s Stripe account</source>
        <translation>Connecter le compte Stripe du magasin</translation>
    </message>
    <message>
        <source>Training mode: simulated readers, no real payments</source>
        <translation>Mode formation&#xa0;: lecteurs simulés, aucun vrai paiement</translation>
    </message>
    <message>
        <source>sk_live_… or rk_live_…</source>
        <translation>sk_live_… ou rk_live_…</translation>
    </message>
    <message>
        <source>Test mode (test keys, no real payments)</source>
        <translation>Mode test (clés de test, aucun vrai paiement)</translation>
    </message>
    <message>
        <source>Find the key in the Stripe Dashboard under Developers → API keys: the secret key, or a restricted key with Write access to Terminal and PaymentIntents. Comptoir keeps it in this computer&apos;s keychain and never shows it again.</source>
        <translation>Trouvez la clé dans le Dashboard Stripe, sous Développeurs → Clés API&#xa0;: la clé secrète, ou une clé restreinte avec l’accès en écriture à Terminal et à PaymentIntents. Comptoir la conserve dans le trousseau de cet ordinateur et ne l’affiche plus jamais.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé API</translation>
    </message>
    <message>
        <source>Stripe account</source>
        <translation>Compte Stripe</translation>
    </message>
    <message>
        <source>Keep the current account ({key})</source>
        <translation>Garder le compte actuel ({key})</translation>
    </message>
    <message>
        <source>sk_test_… or rk_test_…</source>
        <translation>sk_test_… ou rk_test_…</translation>
    </message>
    <message>
        <source>Checking the key with Stripe…</source>
        <translation>Vérification de la clé auprès de Stripe…</translation>
    </message>
    <message>
        <source>Stripe accepted the key {key}.</source>
        <translation>Stripe a accepté la clé {key}.</translation>
    </message>
</context>
<context>
    <name>ConnectionController</name>
    <message>
        <source>{counter} took over {label}</source>
        <translation>{counter} a pris la main sur {label}</translation>
    </message>
    <message>
        <source>{label} went offline</source>
        <translation>{label} est hors ligne</translation>
    </message>
    <message>
        <source>{label} was removed from the Stripe account</source>
        <translation>{label} a été retiré du compte Stripe</translation>
    </message>
    <message>
        <source>Stripe cannot be reached: lost the connection to {label}</source>
        <translation>Stripe est injoignable : connexion perdue avec {label}</translation>
    </message>
    <message>
        <source>another counter</source>
        <translation>une autre caisse</translation>
    </message>
    <message>
        <source>Reconnecting to {label}</source>
        <translation>Reconnexion à {label}</translation>
    </message>
    <message>
        <source>The saved reader {label} ({serial}) was not found at this location. Choose a reader.</source>
        <translation>Le lecteur enregistré {label} ({serial}) est introuvable à cet emplacement. Choisissez un lecteur.</translation>
    </message>
    <message>
        <source>The saved reader {label} ({serial}) is offline. Switch it on, or choose another reader.</source>
        <translation>Le lecteur enregistré {label} ({serial}) est hors ligne. Allumez-le, ou choisissez un autre lecteur.</translation>
    </message>
    <message>
        <source>{label} is busy at {counter}</source>
        <translation>{label} est occupé sur {counter}</translation>
    </message>
    <message>
        <source>Connect failed: {error}</source>
        <translation>Échec de la connexion&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Connected to {label} ({serial})</source>
        <translation>Connecté à {label} ({serial})</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Déconnecté</translation>
    </message>
    <message>
        <source>Reconnection canceled</source>
        <translation>Reconnexion annulée</translation>
    </message>
    <message>
        <source>Reconnection attempt {n} to {label}</source>
        <translation>Tentative de reconnexion {n} à {label}</translation>
    </message>
    <message>
        <source>Reconnection attempt {n} failed: {error}</source>
        <translation>Échec de la tentative de reconnexion {n}&#xa0;: {error}</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>Give this counter a name that other counters will show, such as “Till 2”. Finishing connects this counter to its reader.</source>
        <translation>Donnez à cette caisse un nom que les autres caisses afficheront, par exemple «&#xa0;Caisse 2&#xa0;». Terminer connecte cette caisse à son lecteur.</translation>
    </message>
    <message>
        <source>Counter name</source>
        <translation>Nom de la caisse</translation>
    </message>
    <message>
        <source>Name this counter</source>
        <translation>Nommer cette caisse</translation>
    </message>
    <message>
        <source>Reader: {reader}</source>
        <translation>Lecteur&#xa0;: {reader}</translation>
    </message>
</context>
<context>
    <name>EndOfDayDialog</name>
    <message>
        <source>End of day</source>
        <translation>Fin de journée</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>Lecteur</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>Jour&#xa0;:</translation>
    </message>
    <message>
        <source>No sale approved, declined or voided on this day.</source>
        <translation>Aucune vente acceptée, refusée ou annulée ce jour-là.</translation>
    </message>
    <message numerus="yes">
        <source>%n sale(s) still open: retry or void them.</source>
        <translation>
            <numerusform>%n vente encore ouverte&#xa0;: réessayez-la ou annulez-la.</numerusform>
            <numerusform>%n ventes encore ouvertes&#xa0;: réessayez-les ou annulez-les.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the day&apos;s totals</source>
        <translation>Exporter les totaux du jour</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>The file could not be written: {reason}. Choose another place.</source>
        <translation>Le fichier n’a pas pu être écrit&#xa0;: {reason}. Choisissez un autre emplacement.</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>Exporté vers {path}.</translation>
    </message>
</context>
<context>
    <name>JournalProblemDialog</name>
    <message>
        <source>The sales journal cannot be opened</source>
        <translation>Le journal des ventes ne peut pas être ouvert</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Start a new journal</source>
        <translation>Commencer un nouveau journal</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
</context>
<context>
    <name>KeychainPage</name>
    <message>
        <source>Keep the key for this session only: it stays in memory and is asked again after Comptoir restarts</source>
        <translation>Garder la clé pour cette session uniquement&#xa0;: elle reste en mémoire et sera redemandée au redémarrage de Comptoir</translation>
    </message>
    <message>
        <source>Use training mode instead</source>
        <translation>Utiliser plutôt le mode formation</translation>
    </message>
    <message>
        <source>Comptoir never writes the key to a file.</source>
        <translation>Comptoir n’écrit jamais la clé dans un fichier.</translation>
    </message>
    <message>
        <source>No keychain on this computer</source>
        <translation>Aucun trousseau sur cet ordinateur</translation>
    </message>
</context>
<context>
    <name>LocationPage</name>
    <message>
        <source>Use an existing location</source>
        <translation>Utiliser un emplacement existant</translation>
    </message>
    <message>
        <source>Create a new location</source>
        <translation>Créer un nouvel emplacement</translation>
    </message>
    <message>
        <source>Name (shown in Stripe)</source>
        <translation>Nom (affiché dans Stripe)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Address (line 2)</source>
        <translation>Adresse (ligne 2)</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>State or province</source>
        <translation>État ou province</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Store location</source>
        <translation>Emplacement du magasin</translation>
    </message>
    <message>
        <source>Loading the locations…</source>
        <translation>Chargement des emplacements…</translation>
    </message>
    <message>
        <source>Correct the highlighted fields.</source>
        <translation>Corrigez les champs en surbrillance.</translation>
    </message>
    <message>
        <source>Created the location {name}.</source>
        <translation>Emplacement {name} créé.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Comptoir — {counter} (training)</source>
        <translation>Comptoir — {counter} (formation)</translation>
    </message>
    <message>
        <source>Comptoir — {counter}</source>
        <translation>Comptoir — {counter}</translation>
    </message>
    <message>
        <source>TRAINING MODE — practice only: no real card is charged</source>
        <translation>MODE FORMATION — entraînement uniquement&#xa0;: aucune vraie carte n’est débitée</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>&amp;Reader</source>
        <translation>&amp;Lecteur</translation>
    </message>
    <message>
        <source>Choose a reader…</source>
        <translation>Choisir un lecteur…</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Reconnecter maintenant</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Déconnecter</translation>
    </message>
    <message>
        <source>End of day…</source>
        <translation>Fin de journée…</translation>
    </message>
    <message>
        <source>Store setup…</source>
        <translation>Configuration du magasin…</translation>
    </message>
    <message>
        <source>Manage readers…</source>
        <translation>Gérer les lecteurs…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>Copier les diagnostics</translation>
    </message>
    <message>
        <source>About Comptoir</source>
        <translation>À propos de Comptoir</translation>
    </message>
    <message>
        <source>Choose a card reader to take payments (Ctrl+L).</source>
        <extracomment>Commands that need the controllers: disabled until `bind`.</extracomment>
        <translation>Choisissez un lecteur de carte pour encaisser des paiements (Ctrl+L).</translation>
    </message>
    <message>
        <source>Counter {counter} · no reader</source>
        <translation>Caisse {counter} · aucun lecteur</translation>
    </message>
    <message>
        <source>{label} · serial {serial}</source>
        <translation>{label} · n° de série {serial}</translation>
    </message>
    <message>
        <source>Counter {counter} · reader {label} ({serial})</source>
        <translation>Caisse {counter} · lecteur {label} ({serial})</translation>
    </message>
    <message>
        <source>Payment: {status}</source>
        <translation>Paiement&#xa0;: {status}</translation>
    </message>
    <message>
        <source>Comptoir {version}: card payments on Stripe Terminal readers.</source>
        <translation>Comptoir {version}&#xa0;: paiements par carte sur les lecteurs Stripe Terminal.</translation>
    </message>
    <message>
        <source>{reader} is taking a payment at {counter}. Interrupt it?</source>
        <translation>{reader} encaisse un paiement sur {counter}. L’interrompre&#xa0;?</translation>
    </message>
    <message>
        <source>another counter</source>
        <translation>une autre caisse</translation>
    </message>
    <message>
        <source>Reader in use</source>
        <translation>Lecteur occupé</translation>
    </message>
    <message>
        <source>Diagnostics copied to the clipboard.</source>
        <translation>Diagnostics copiés dans le presse-papiers.</translation>
    </message>
</context>
<context>
    <name>PaymentController</name>
    <message>
        <source>Charging {amount}</source>
        <translation>Encaissement de {amount}</translation>
    </message>
    <message>
        <source>Payment not taken: {reason}</source>
        <translation>Paiement non effectué&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Payment approved: {amount}</source>
        <translation>Paiement accepté&#xa0;: {amount}</translation>
    </message>
    <message>
        <source>Payment declined: {reason}</source>
        <translation>Paiement refusé&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>ReaderLine</name>
    <message>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>hors ligne</translation>
    </message>
    <message>
        <source>{label} · {serial} · {model} · {status}</source>
        <translation>{label} · {serial} · {model} · {status}</translation>
    </message>
</context>
<context>
    <name>ReaderManager</name>
    <message>
        <source>Readers</source>
        <translation>Lecteurs</translation>
    </message>
    <message>
        <source>New name for the selected reader</source>
        <translation>Nouveau nom du lecteur sélectionné</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Renommer</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Retirer…</translation>
    </message>
    <message>
        <source>Use at this counter</source>
        <translation>Utiliser à cette caisse</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>All locations</source>
        <translation>Tous les emplacements</translation>
    </message>
    <message>
        <source>{reader} (this counter)</source>
        <translation>{reader} (cette caisse)</translation>
    </message>
    <message>
        <source>No reader is registered here. Use the store setup to add one.</source>
        <translation>Aucun lecteur n’est enregistré ici. Utilisez la configuration du magasin pour en ajouter un.</translation>
    </message>
    <message>
        <source>Renamed {serial} to {label}.</source>
        <translation>{serial} renommé en {label}.</translation>
    </message>
    <message>
        <source>Remove reader</source>
        <translation>Retirer le lecteur</translation>
    </message>
    <message>
        <source>Remove {label} ({serial}) from the Stripe account? No counter will be able to use it until it is registered again with a new registration code.</source>
        <translation>Retirer {label} ({serial}) du compte Stripe&#xa0;? Aucune caisse ne pourra l’utiliser tant qu’il n’aura pas été enregistré à nouveau avec un nouveau code d’enregistrement.</translation>
    </message>
    <message>
        <source>Removed {label}.</source>
        <translation>{label} retiré.</translation>
    </message>
    <message>
        <source>This counter now uses {label}.</source>
        <translation>Cette caisse utilise désormais {label}.</translation>
    </message>
    <message>
        <source>{label} is in use at another counter.</source>
        <translation>{label} est utilisé par une autre caisse.</translation>
    </message>
</context>
<context>
    <name>ReaderPicker</name>
    <message>
        <source>Card readers</source>
        <translation>Lecteurs de carte</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>Lecteur</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Numéro de série</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connecter</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Déconnecter</translation>
    </message>
    <message>
        <source>BBPOS WisePOS E</source>
        <translation>BBPOS WisePOS E</translation>
    </message>
    <message>
        <source>WisePOS E (simulated)</source>
        <translation>WisePOS E (simulé)</translation>
    </message>
    <message>
        <source>Stripe Reader S700</source>
        <translation>Stripe Reader S700</translation>
    </message>
    <message>
        <source>Reader S700 (simulated)</source>
        <translation>Reader S700 (simulé)</translation>
    </message>
    <message>
        <source>Stripe Reader S710</source>
        <translation>Stripe Reader S710</translation>
    </message>
    <message>
        <source>Reader S710 (simulated)</source>
        <translation>Reader S710 (simulé)</translation>
    </message>
    <message>
        <source>Verifone P400</source>
        <translation>Verifone P400</translation>
    </message>
    <message>
        <source>Connected to this counter</source>
        <translation>Connecté à cette caisse</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Online · taking a payment at {counter}</source>
        <translation>En ligne · paiement en cours sur {counter}</translation>
    </message>
    <message>
        <source>Online · in use at {counter}</source>
        <translation>En ligne · utilisé par {counter}</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
</context>
<context>
    <name>ReconnectBanner</name>
    <message>
        <source>Reconnect now</source>
        <translation>Reconnecter maintenant</translation>
    </message>
    <message>
        <source>Stop trying</source>
        <translation>Arrêter les tentatives</translation>
    </message>
    <message>
        <source>Choose another reader</source>
        <translation>Choisir un autre lecteur</translation>
    </message>
    <message>
        <source>Take it back</source>
        <translation>Le reprendre</translation>
    </message>
    <message>
        <source>The reader</source>
        <translation>Le lecteur</translation>
    </message>
    <message>
        <source>{label} is offline: it may be switched off or off the network.</source>
        <translation>{label} est hors ligne&#xa0;: il est peut-être éteint ou hors du réseau.</translation>
    </message>
    <message>
        <source>This counter cannot reach Stripe: check the internet connection.</source>
        <translation>Cette caisse ne parvient pas à joindre Stripe&#xa0;: vérifiez la connexion internet.</translation>
    </message>
    <message>
        <source>another counter</source>
        <translation>une autre caisse</translation>
    </message>
    <message>
        <source>{counter} took over {label}.</source>
        <translation>{counter} a pris le contrôle de {label}.</translation>
    </message>
    <message>
        <source>{label} was removed from the Stripe account.</source>
        <translation>{label} a été retiré du compte Stripe.</translation>
    </message>
    <message>
        <source>Reconnecting on its own: attempt {n}, next try in {s} s.</source>
        <translation>Reconnexion automatique&#xa0;: tentative {n}, prochain essai dans {s} s.</translation>
    </message>
    <message>
        <source>Reconnecting on its own: attempt {n}, trying now…</source>
        <translation>Reconnexion automatique&#xa0;: tentative {n}, essai en cours…</translation>
    </message>
    <message>
        <source>This counter will not take it back on its own. Take it back (the other counter will be told), or choose another reader.</source>
        <translation>Cette caisse ne le reprendra pas d’elle-même. Reprenez-le (l’autre caisse sera prévenue), ou choisissez un autre lecteur.</translation>
    </message>
    <message>
        <source>Choose another reader.</source>
        <translation>Choisissez un autre lecteur.</translation>
    </message>
    <message>
        <source>Automatic reconnection stopped. Reconnect when it is back.</source>
        <translation>Reconnexion automatique arrêtée. Reconnectez-vous quand il est de retour.</translation>
    </message>
    <message>
        <source>Last try: {error}</source>
        <translation>Dernier essai&#xa0;: {error}</translation>
    </message>
</context>
<context>
    <name>RecoveryNotice</name>
    <message>
        <source>Sales recovered at startup</source>
        <translation>Ventes récupérées au démarrage</translation>
    </message>
    <message>
        <source>Comptoir stopped during a payment. Here is what became of the unfinished sales.</source>
        <translation>Comptoir s’est arrêté pendant un paiement. Voici ce que sont devenues les ventes inachevées.</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annuler la vente</translation>
    </message>
    <message>
        <source>{amount} {currency} at {time}: {state}. Retry or void it.</source>
        <translation>{amount} {currency} à {time}&#xa0;: {state}. Réessayez ou annulez-la.</translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <source>One registration code per line</source>
        <translation>Un code d’enregistrement par ligne</translation>
    </message>
    <message>
        <source>Optional: several readers get “Label 1”, “Label 2”…</source>
        <translation>Facultatif&#xa0;: plusieurs lecteurs reçoivent «&#xa0;Libellé 1&#xa0;», «&#xa0;Libellé 2&#xa0;»…</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Retry the failed codes</source>
        <translation>Réessayer les codes en échec</translation>
    </message>
    <message>
        <source>Reader model</source>
        <translation>Modèle de lecteur</translation>
    </message>
    <message>
        <source>Registration codes</source>
        <translation>Codes d’enregistrement</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Libellé</translation>
    </message>
    <message>
        <source>Register readers</source>
        <translation>Enregistrer des lecteurs</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>✓ {code}: registered as {label} ({serial})</source>
        <translation>✓ {code}&#xa0;: enregistré sous le nom {label} ({serial})</translation>
    </message>
    <message>
        <source>✗ {code}: {reason}</source>
        <translation>✗ {code}&#xa0;: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>%n code(s) failed. Correct them in the list above, or retry.</source>
        <translation>
            <numerusform>%n code a échoué. Corrigez-le dans la liste ci-dessus, ou réessayez.</numerusform>
            <numerusform>%n codes ont échoué. Corrigez-les dans la liste ci-dessus, ou réessayez.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reader(s) registered.</source>
        <translation>
            <numerusform>%n lecteur enregistré.</numerusform>
            <numerusform>%n lecteurs enregistrés.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SalePanel</name>
    <message>
        <source>Sale</source>
        <translation>Vente</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Effacer le dernier chiffre</translation>
    </message>
    <message>
        <source>Charge (Enter)</source>
        <translation>Encaisser (Entrée)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Annuler (Échap)</translation>
    </message>
    <message>
        <source>Retry the same sale</source>
        <translation>Réessayer la même vente</translation>
    </message>
    <message>
        <source>Charging {amount}: ask the customer to present their card.</source>
        <translation>Encaissement de {amount}&#xa0;: demandez au client de présenter sa carte.</translation>
    </message>
    <message>
        <source>Approved: {amount}</source>
        <translation>Accepté&#xa0;: {amount}</translation>
    </message>
    <message>
        <source>Declined: {reason} Retry, or ask for another way to pay.</source>
        <translation>Refusé&#xa0;: {reason} Réessayez, ou demandez un autre moyen de paiement.</translation>
    </message>
    <message>
        <source>Not paid: {reason}</source>
        <translation>Non payé&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Not paid.</source>
        <translation>Non payé.</translation>
    </message>
    <message>
        <source>insufficient funds.</source>
        <translation>provision insuffisante.</translation>
    </message>
    <message>
        <source>the card has expired.</source>
        <translation>la carte a expiré.</translation>
    </message>
    <message>
        <source>the card&apos;s security code is wrong.</source>
        <translation>le code de sécurité de la carte est erroné.</translation>
    </message>
    <message>
        <source>the bank could not process the card.</source>
        <translation>la banque n’a pas pu traiter la carte.</translation>
    </message>
    <message>
        <source>the card was reported lost.</source>
        <translation>la carte a été déclarée perdue.</translation>
    </message>
    <message>
        <source>the card was reported stolen.</source>
        <translation>la carte a été déclarée volée.</translation>
    </message>
    <message>
        <source>the bank refused the card.</source>
        <translation>la banque a refusé la carte.</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>This computer has no keychain service, so Comptoir cannot store the Stripe key safely. Use training mode, or keep the key for this session only.</source>
        <translation>Cet ordinateur n’a pas de service de trousseau, Comptoir ne peut donc pas conserver la clé Stripe en sécurité. Utilisez le mode formation, ou gardez la clé pour cette session uniquement.</translation>
    </message>
    <message>
        <source>The keychain is locked or refused access, so Comptoir cannot read or store the Stripe key. Unlock the keychain and try again, use training mode, or keep the key for this session only.</source>
        <translation>Le trousseau est verrouillé ou a refusé l’accès, Comptoir ne peut donc ni lire ni conserver la clé Stripe. Déverrouillez le trousseau et réessayez, utilisez le mode formation, ou gardez la clé pour cette session uniquement.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Store setup</source>
        <translation>Configuration du magasin</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <source>Connecting to {label}…</source>
        <translation>Connexion à {label}…</translation>
    </message>
    <message>
        <source>{label} is in use at another counter. Choose another reader.</source>
        <translation>{label} est utilisé par une autre caisse. Choisissez un autre lecteur.</translation>
    </message>
</context>
<context>
    <name>StateBadge</name>
    <message>
        <source>No reader connected</source>
        <translation>Aucun lecteur connecté</translation>
    </message>
    <message>
        <source>Looking for readers…</source>
        <translation>Recherche de lecteurs…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconnexion…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <source>Waiting for the card</source>
        <translation>En attente de la carte</translation>
    </message>
    <message>
        <source>Authorizing the card</source>
        <translation>Autorisation de la carte</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Pas prêt</translation>
    </message>
    <message>
        <source>{state} · {payment}</source>
        <translation>{state} · {payment}</translation>
    </message>
</context>
<context>
    <name>TrainingMenu</name>
    <message>
        <source>&amp;Training</source>
        <extracomment>The imaginary other counter of training mode. How long after the payment starts the &quot;next card&quot; is tapped, so the cashier sees the wait.</extracomment>
        <translation>&amp;Formation</translation>
    </message>
    <message>
        <source>Switch the reader off</source>
        <translation>Éteindre le lecteur</translation>
    </message>
    <message>
        <source>Switch the reader on</source>
        <translation>Allumer le lecteur</translation>
    </message>
    <message>
        <source>Cut the reader&apos;s network</source>
        <translation>Couper le réseau du lecteur</translation>
    </message>
    <message>
        <source>Restore the reader&apos;s network</source>
        <translation>Rétablir le réseau du lecteur</translation>
    </message>
    <message>
        <source>Next card will be declined</source>
        <translation>La prochaine carte sera refusée</translation>
    </message>
    <message>
        <source>Next card will be approved</source>
        <translation>La prochaine carte sera acceptée</translation>
    </message>
    <message>
        <source>Tap an approved card now</source>
        <translation>Présenter maintenant une carte acceptée</translation>
    </message>
    <message>
        <source>Tap a declined card now</source>
        <translation>Présenter maintenant une carte refusée</translation>
    </message>
    <message>
        <source>Another counter takes the reader</source>
        <translation>Une autre caisse prend le lecteur</translation>
    </message>
    <message>
        <source>Another counter starts a payment on the reader</source>
        <translation>Une autre caisse lance un paiement sur le lecteur</translation>
    </message>
    <message>
        <source>Training: choose a reader first.</source>
        <translation>Formation&#xa0;: choisissez d’abord un lecteur.</translation>
    </message>
    <message>
        <source>the simulator refused the command.</source>
        <translation>le simulateur a refusé la commande.</translation>
    </message>
    <message>
        <source>Training: {error}</source>
        <translation>Formation&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Training: the reader is switched on.</source>
        <translation>Formation&#xa0;: le lecteur est allumé.</translation>
    </message>
    <message>
        <source>Training: the reader is switched off.</source>
        <translation>Formation&#xa0;: le lecteur est éteint.</translation>
    </message>
    <message>
        <source>Training: the reader&apos;s network is back.</source>
        <translation>Formation&#xa0;: le réseau du lecteur est rétabli.</translation>
    </message>
    <message>
        <source>Training: the reader&apos;s network is cut.</source>
        <translation>Formation&#xa0;: le réseau du lecteur est coupé.</translation>
    </message>
    <message>
        <source>Training: the next card will be declined.</source>
        <translation>Formation&#xa0;: la prochaine carte sera refusée.</translation>
    </message>
    <message>
        <source>Training: the next card will be approved.</source>
        <translation>Formation&#xa0;: la prochaine carte sera acceptée.</translation>
    </message>
    <message>
        <source>Training: a card was tapped on the reader.</source>
        <translation>Formation&#xa0;: une carte a été présentée sur le lecteur.</translation>
    </message>
    <message>
        <source>Training counter</source>
        <translation>Caisse de formation</translation>
    </message>
    <message>
        <source>Training: another counter took the reader.</source>
        <translation>Formation&#xa0;: une autre caisse a pris le lecteur.</translation>
    </message>
    <message>
        <source>Training: another counter started a payment on the reader.</source>
        <translation>Formation&#xa0;: une autre caisse a lancé un paiement sur le lecteur.</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <source>These readers are registered at the location. Choose this counter&apos;s reader.</source>
        <translation>Ces lecteurs sont enregistrés à cet emplacement. Choisissez le lecteur de cette caisse.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Register more readers…</source>
        <translation>Enregistrer d’autres lecteurs…</translation>
    </message>
    <message>
        <source>Choose this counter&apos;s reader</source>
        <translation>Choisir le lecteur de cette caisse</translation>
    </message>
    <message>
        <source>Loading the readers…</source>
        <translation>Chargement des lecteurs…</translation>
    </message>
    <message numerus="yes">
        <source>%n reader(s) at this location.</source>
        <translation>
            <numerusform>%n lecteur à cet emplacement.</numerusform>
            <numerusform>%n lecteurs à cet emplacement.</numerusform>
        </translation>
    </message>
    <message>
        <source>No reader is registered at this location yet. Register one first.</source>
        <translation>Aucun lecteur n’est encore enregistré à cet emplacement. Enregistrez-en un d’abord.</translation>
    </message>
</context>
<context>
    <name>journal</name>
    <message>
        <source>The sales journal {path} is damaged and cannot be read. It has been left untouched. You can start a new journal (the damaged file is kept next to it for support), or quit.</source>
        <extracomment>Seconds to wait for another connection&apos;s write lock before calling the journal locked. Written, nothing sent to Stripe yet. Stripe was asked (the PaymentIntent is being created, or the reader is taking it). Paid. Closed. The card was refused; the cashier may retry the same sale or void it. Stopped before an outcome (canceled, network, reader lost, crash); retry or void. Dropped by the cashier; its PaymentIntent was canceled when it still could be. Closed. Stripe&apos;s answer made no sense for this sale: a person must look at it. States whose outcome Stripe may know better than the journal.</extracomment>
        <translation>Le journal des ventes {path} est endommagé et illisible. Il n’a pas été modifié. Vous pouvez commencer un nouveau journal (le fichier endommagé est conservé à côté pour l’assistance), ou quitter.</translation>
    </message>
    <message>
        <source>The sales journal {path} is in use by another program, probably another Comptoir window. Close it and try again, or start a new journal (the current file is kept).</source>
        <translation>Le journal des ventes {path} est utilisé par un autre programme, probablement une autre fenêtre de Comptoir. Fermez-la et réessayez, ou commencez un nouveau journal (le fichier actuel est conservé).</translation>
    </message>
    <message>
        <source>The sales journal {path} was written by a newer version of Comptoir. Update Comptoir, or start a new journal (the current file is kept).</source>
        <translation>Le journal des ventes {path} a été écrit par une version plus récente de Comptoir. Mettez Comptoir à jour, ou commencez un nouveau journal (le fichier actuel est conservé).</translation>
    </message>
    <message>
        <source>The sales journal {path} cannot be opened: check the disk and its permissions. You can try again or start a new journal (the current file is kept).</source>
        <translation>Le journal des ventes {path} ne peut pas être ouvert&#xa0;: vérifiez le disque et ses droits d’accès. Vous pouvez réessayer ou commencer un nouveau journal (le fichier actuel est conservé).</translation>
    </message>
    <message>
        <source>{amount}: paid. The payment went through; nothing more to do.</source>
        <extracomment>PaymentIntent statuses that mean the money was taken (or held, for manual capture). Statuses Stripe lets us cancel (``processing`` must finish first).</extracomment>
        <translation>{amount}&#xa0;: payé. Le paiement est passé&#xa0;; il n’y a rien d’autre à faire.</translation>
    </message>
    <message>
        <source>{amount}: never reached Stripe, nothing was charged. Retry or void it.</source>
        <translation>{amount}&#xa0;: n’a jamais atteint Stripe, rien n’a été débité. Réessayez ou annulez la vente.</translation>
    </message>
    <message>
        <source>{amount}: interrupted, nothing was charged. Retry or void it.</source>
        <translation>{amount}&#xa0;: interrompu, rien n’a été débité. Réessayez ou annulez la vente.</translation>
    </message>
    <message>
        <source>{amount}: the card was declined. Retry with another card or void it.</source>
        <translation>{amount}&#xa0;: la carte a été refusée. Réessayez avec une autre carte ou annulez la vente.</translation>
    </message>
    <message>
        <source>{amount}: the payment was canceled in Stripe; nothing was charged.</source>
        <translation>{amount}&#xa0;: le paiement a été annulé dans Stripe&#xa0;; rien n’a été débité.</translation>
    </message>
    <message>
        <source>{amount}: the reader is still waiting for the card. Retry to follow it, or void it.</source>
        <translation>{amount}&#xa0;: le lecteur attend toujours la carte. Réessayez pour suivre le paiement, ou annulez la vente.</translation>
    </message>
    <message>
        <source>{amount}: the bank has not answered yet. Check again in a moment.</source>
        <translation>{amount}&#xa0;: la banque n’a pas encore répondu. Vérifiez à nouveau dans un instant.</translation>
    </message>
    <message>
        <source>{amount}: Stripe could not be reached to check this sale. Check again when online; it will never be charged twice.</source>
        <translation>{amount}&#xa0;: impossible de joindre Stripe pour vérifier cette vente. Vérifiez à nouveau une fois en ligne&#xa0;; elle ne sera jamais débitée deux fois.</translation>
    </message>
    <message>
        <source>{amount}: Stripe&apos;s answer for this sale was unexpected. Look it up in the Stripe Dashboard before retrying.</source>
        <translation>{amount}&#xa0;: la réponse de Stripe pour cette vente est inattendue. Consultez-la dans le Dashboard Stripe avant de réessayer.</translation>
    </message>
    <message>
        <source>Sale voided: {amount}.</source>
        <extracomment>Voided; its PaymentIntent (if any) is canceled. The payment went through after all: the sale is approved, not voided. A card is being authorized right now: try again in a moment. Stripe cannot be reached: nothing changed. Stripe refused; see the log.</extracomment>
        <translation>Vente annulée&#xa0;: {amount}.</translation>
    </message>
    <message>
        <source>This sale was paid ({amount}) and cannot be voided.</source>
        <translation>Cette vente a été payée ({amount}) et ne peut pas être annulée.</translation>
    </message>
    <message>
        <source>The card is being read; the sale cannot be voided now. Try again in a moment.</source>
        <translation>La carte est en cours de lecture&#xa0;; la vente ne peut pas être annulée maintenant. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Stripe cannot be reached, so the sale was not voided. Try again when online.</source>
        <translation>Impossible de joindre Stripe, la vente n’a donc pas été annulée. Réessayez une fois en ligne.</translation>
    </message>
    <message>
        <source>Stripe refused to void this sale. Look it up in the Stripe Dashboard.</source>
        <translation>Stripe a refusé d’annuler cette vente. Consultez-la dans le Dashboard Stripe.</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Non envoyée</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Acceptée</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Refusée</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrompue</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>À vérifier</translation>
    </message>
</context>
<context>
    <name>pairing</name>
    <message>
        <source>Paste the store&apos;s Stripe API key.</source>
        <extracomment>Connect a Stripe account with an API key, or choose training mode. The computer has no keychain: training mode, or keep the key for this session only. Choose an existing location or create one. Register readers with their registration codes. List the location&apos;s readers and choose this counter&apos;s reader. Name this counter; finishing connects to the chosen reader. &quot;training&quot; (the simulator), &quot;stripe&quot; (a new key), &quot;keep&quot; (the account already set up). The store wants test mode (sk_test_/rk_test_ keys) rather than live mode. The key passed the API check (or the account is training / kept). The keychain can hold the key on this computer. Keep the key in memory only (no keychain). The location was created by this wizard run (so it has no readers yet). Readers registered at the chosen location when it was chosen. Stripe answered 401: a mistyped, revoked or unknown key. Stripe answered 403: a restricted key without Terminal permissions.</extracomment>
        <translation>Collez la clé API Stripe du magasin.</translation>
    </message>
    <message>
        <source>This is not a Stripe API key. A secret key starts with sk_test_ or sk_live_, a restricted key with rk_test_ or rk_live_. Copy it again from the Stripe Dashboard (Developers → API keys).</source>
        <translation>Ce n’est pas une clé API Stripe. Une clé secrète commence par sk_test_ ou sk_live_, une clé restreinte par rk_test_ ou rk_live_. Copiez-la à nouveau depuis le Dashboard Stripe (Développeurs → Clés API).</translation>
    </message>
    <message>
        <source>{masked} is a publishable key: it cannot manage readers. Use the secret key (sk_…) or a restricted key (rk_…) from the Stripe Dashboard (Developers → API keys).</source>
        <translation>{masked} est une clé publiable&#xa0;: elle ne peut pas gérer les lecteurs. Utilisez la clé secrète (sk_…) ou une clé restreinte (rk_…) du Dashboard Stripe (Développeurs → Clés API).</translation>
    </message>
    <message>
        <source>{masked} is a live-mode key, but test mode is selected. Paste a test-mode key (sk_test_… or rk_test_…), or clear “Test mode” to take real payments.</source>
        <translation>{masked} est une clé du mode production, mais le mode test est sélectionné. Collez une clé du mode test (sk_test_… ou rk_test_…), ou décochez «&#xa0;Mode test&#xa0;» pour encaisser de vrais paiements.</translation>
    </message>
    <message>
        <source>{masked} is a test-mode key, but live mode is selected: no real payment could be taken. Paste a live-mode key (sk_live_… or rk_live_…), or tick “Test mode”.</source>
        <translation>{masked} est une clé du mode test, mais le mode production est sélectionné&#xa0;: aucun vrai paiement ne pourrait être encaissé. Collez une clé du mode production (sk_live_… ou rk_live_…), ou cochez «&#xa0;Mode test&#xa0;».</translation>
    </message>
    <message>
        <source>Stripe refused the key {masked}: it may be mistyped, revoked or from another account. Copy it again from the Stripe Dashboard (Developers → API keys).</source>
        <translation>Stripe a refusé la clé {masked}&#xa0;: elle est peut-être mal saisie, révoquée ou d’un autre compte. Copiez-la à nouveau depuis le Dashboard Stripe (Développeurs → Clés API).</translation>
    </message>
    <message>
        <source>The restricted key {masked} is not allowed to use Stripe Terminal. In the Stripe Dashboard (Developers → API keys), edit the key and give it Write access to Terminal and to PaymentIntents, or use the secret key.</source>
        <translation>La clé restreinte {masked} n’est pas autorisée à utiliser Stripe Terminal. Dans le Dashboard Stripe (Développeurs → Clés API), modifiez la clé et donnez-lui l’accès en écriture à Terminal et à PaymentIntents, ou utilisez la clé secrète.</translation>
    </message>
    <message>
        <source>Stripe cannot be reached to check the key. Check this computer&apos;s internet connection and try again.</source>
        <translation>Impossible de joindre Stripe pour vérifier la clé. Vérifiez la connexion internet de cet ordinateur et réessayez.</translation>
    </message>
    <message>
        <source>Stripe could not check the key right now ({detail}). Try again in a moment.</source>
        <translation>Stripe n’a pas pu vérifier la clé pour le moment ({detail}). Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Austria</source>
        <extracomment>English name, marked for translation in the &quot;pairing&quot; context. The postal code&apos;s shape (upper-cased input), or None when any non-empty text will do.</extracomment>
        <translation>Autriche</translation>
    </message>
    <message>
        <source>Australia</source>
        <translation>Australie</translation>
    </message>
    <message>
        <source>Belgium</source>
        <translation>Belgique</translation>
    </message>
    <message>
        <source>Canada</source>
        <translation>Canada</translation>
    </message>
    <message>
        <source>Switzerland</source>
        <translation>Suisse</translation>
    </message>
    <message>
        <source>Germany</source>
        <translation>Allemagne</translation>
    </message>
    <message>
        <source>Denmark</source>
        <translation>Danemark</translation>
    </message>
    <message>
        <source>Spain</source>
        <translation>Espagne</translation>
    </message>
    <message>
        <source>Finland</source>
        <translation>Finlande</translation>
    </message>
    <message>
        <source>France</source>
        <translation>France</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>Royaume-Uni</translation>
    </message>
    <message>
        <source>Ireland</source>
        <translation>Irlande</translation>
    </message>
    <message>
        <source>Italy</source>
        <translation>Italie</translation>
    </message>
    <message>
        <source>Luxembourg</source>
        <translation>Luxembourg</translation>
    </message>
    <message>
        <source>Netherlands</source>
        <translation>Pays-Bas</translation>
    </message>
    <message>
        <source>Norway</source>
        <translation>Norvège</translation>
    </message>
    <message>
        <source>New Zealand</source>
        <translation>Nouvelle-Zélande</translation>
    </message>
    <message>
        <source>Portugal</source>
        <translation>Portugal</translation>
    </message>
    <message>
        <source>Sweden</source>
        <translation>Suède</translation>
    </message>
    <message>
        <source>Singapore</source>
        <translation>Singapour</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>États-Unis</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Obligatoire.</translation>
    </message>
    <message>
        <source>Not a postal code for {country} (like {example}).</source>
        <translation>Ce code postal n’est pas valide pour le pays {country} (exemple&#xa0;: {example}).</translation>
    </message>
    <message>
        <source>Use the two-letter code (like {example}).</source>
        <translation>Utilisez le code à deux lettres (exemple&#xa0;: {example}).</translation>
    </message>
    <message>
        <source>Choose a country from the list.</source>
        <translation>Choisissez un pays dans la liste.</translation>
    </message>
    <message>
        <source>BBPOS WisePOS E</source>
        <extracomment>Stripe&apos;s own message, shown as is (Stripe writes it in English). One line for a list: &quot;1 rue de la Paix, 75002 Paris, FR&quot;. Shown only in test mode (and training).</extracomment>
        <translation>BBPOS WisePOS E</translation>
    </message>
    <message>
        <source>A new reader shows its code when switched on. Otherwise swipe right from the left edge of the screen, tap Settings, enter the admin PIN, then tap “Generate pairing code”.</source>
        <translation>Un lecteur neuf affiche son code à l’allumage. Sinon, balayez vers la droite depuis le bord gauche de l’écran, touchez «&#xa0;Settings&#xa0;», saisissez le code PIN administrateur, puis touchez «&#xa0;Generate pairing code&#xa0;».</translation>
    </message>
    <message>
        <source>Stripe Reader S700 / S710</source>
        <translation>Stripe Reader S700 / S710</translation>
    </message>
    <message>
        <source>Verifone P400</source>
        <translation>Verifone P400</translation>
    </message>
    <message>
        <source>On the reader&apos;s keypad, key in 0-7-1-3-9: the reader shows its registration code (three words).</source>
        <translation>Sur le clavier du lecteur, tapez 0-7-1-3-9&#xa0;: le lecteur affiche son code d’enregistrement (trois mots).</translation>
    </message>
    <message>
        <source>Simulated reader (test mode)</source>
        <translation>Lecteur simulé (mode test)</translation>
    </message>
    <message>
        <source>No hardware needed: simulated-wpe registers a simulated WisePOS E, simulated-s700 a simulated S700 and simulated-s710 a simulated S710.</source>
        <translation>Aucun matériel nécessaire&#xa0;: simulated-wpe enregistre un WisePOS E simulé, simulated-s700 un S700 simulé et simulated-s710 un S710 simulé.</translation>
    </message>
    <message>
        <source>Registering readers by serial number or from a hardware order is done in the Stripe Dashboard: Terminal → Readers → Register reader ({readers_url}). Serial numbers are on the reader&apos;s box, on its back, and in the Hardware orders tab ({orders_url}). Readers registered there appear in the list on the next page.</source>
        <translation>L’enregistrement de lecteurs par numéro de série ou à partir d’une commande de matériel se fait dans le Dashboard Stripe&#xa0;: Terminal → Lecteurs → Enregistrer un lecteur ({readers_url}). Les numéros de série figurent sur la boîte du lecteur, à son dos et dans l’onglet Commandes de matériel ({orders_url}). Les lecteurs enregistrés là-bas apparaissent dans la liste à la page suivante.</translation>
    </message>
    <message>
        <source>Stripe did not accept this code: it is mistyped, expired or already used. Check the code on the reader&apos;s screen, or generate a new one.</source>
        <translation>Stripe n’a pas accepté ce code&#xa0;: il est mal saisi, expiré ou déjà utilisé. Vérifiez le code affiché sur l’écran du lecteur, ou générez-en un nouveau.</translation>
    </message>
    <message>
        <source>Simulated readers can only be registered in test mode.</source>
        <translation>Les lecteurs simulés ne peuvent être enregistrés qu’en mode test.</translation>
    </message>
    <message>
        <source>Stripe cannot be reached. Check this computer&apos;s internet connection.</source>
        <translation>Impossible de joindre Stripe. Vérifiez la connexion internet de cet ordinateur.</translation>
    </message>
    <message>
        <source>Stripe refused the API key. Go back to the first step and check the key.</source>
        <translation>Stripe a refusé la clé API. Revenez à la première étape et vérifiez la clé.</translation>
    </message>
    <message>
        <source>The API key is not allowed to do this. Use a key with Terminal permissions.</source>
        <translation>La clé API n’est pas autorisée à faire cela. Utilisez une clé disposant des autorisations Terminal.</translation>
    </message>
    <message>
        <source>Too many requests reached Stripe at once. Try again in a few seconds.</source>
        <translation>Stripe a reçu trop de requêtes à la fois. Réessayez dans quelques secondes.</translation>
    </message>
    <message>
        <source>Stripe is having trouble right now. Try again in a moment.</source>
        <translation>Stripe rencontre un problème en ce moment. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Stripe refused: {stripe_message}</source>
        <translation>Stripe a refusé&#xa0;: {stripe_message}</translation>
    </message>
</context>
<context>
    <name>pos-app</name>
    <message>
        <source>Comptoir is already open</source>
        <translation>Comptoir est déjà ouvert</translation>
    </message>
    <message>
        <source>Comptoir is already open on this computer. Use the window that is open: two windows on one counter would share its card reader and its sales.</source>
        <translation>Comptoir est déjà ouvert sur cet ordinateur. Utilisez la fenêtre déjà ouverte : deux fenêtres sur un même comptoir partageraient son lecteur de carte et ses ventes.</translation>
    </message>
    <message>
        <source>Process {pid}.</source>
        <translation>Processus {pid}.</translation>
    </message>
</context>
<context>
    <name>terminal</name>
    <message>
        <source>No card reader is connected. Choose a reader first.</source>
        <translation>Aucun lecteur de carte n’est connecté. Choisissez d’abord un lecteur.</translation>
    </message>
    <message>
        <source>This counter is already connected to {label}. Disconnect it before choosing another.</source>
        <translation>Cette caisse est déjà connectée à {label}. Déconnectez ce lecteur avant d’en choisir un autre.</translation>
    </message>
    <message>
        <source>{label} is in use at {counter}. Wait for it to finish, or interrupt it.</source>
        <translation>{label} est utilisé sur {counter}. Attendez la fin de l’opération, ou interrompez-la.</translation>
    </message>
    <message>
        <source>{label} is offline. Check that it is switched on and connected to the network.</source>
        <translation>{label} est hors ligne. Vérifiez qu’il est allumé et connecté au réseau.</translation>
    </message>
    <message>
        <source>{counter} took over {label}. Take it back or choose another reader.</source>
        <translation>{counter} a pris le contrôle de {label}. Reprenez-le ou choisissez un autre lecteur.</translation>
    </message>
    <message>
        <source>The reader was not found on this Stripe account. Choose another reader.</source>
        <translation>Ce lecteur est introuvable sur ce compte Stripe. Choisissez un autre lecteur.</translation>
    </message>
    <message>
        <source>The reader did not answer in time. Check that it is on and connected.</source>
        <translation>Le lecteur n’a pas répondu à temps. Vérifiez qu’il est allumé et connecté.</translation>
    </message>
    <message>
        <source>Stripe cannot be reached. Check this computer&apos;s internet connection.</source>
        <translation>Impossible de joindre Stripe. Vérifiez la connexion internet de cet ordinateur.</translation>
    </message>
    <message>
        <source>Stripe did not answer in time. Check this computer&apos;s internet connection.</source>
        <translation>Stripe n’a pas répondu à temps. Vérifiez la connexion internet de cet ordinateur.</translation>
    </message>
    <message>
        <source>Stripe is having trouble right now. Try again in a moment.</source>
        <translation>Stripe rencontre un problème en ce moment. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The payment was canceled.</source>
        <translation>Le paiement a été annulé.</translation>
    </message>
    <message>
        <source>The card was declined. Ask for another card or another way to pay.</source>
        <translation>La carte a été refusée. Demandez une autre carte ou un autre moyen de paiement.</translation>
    </message>
    <message>
        <source>Stripe refused the API key. Check the key in the store setup.</source>
        <translation>Stripe a refusé la clé API. Vérifiez la clé dans la configuration du magasin.</translation>
    </message>
    <message>
        <source>The API key is not allowed to use Stripe Terminal. Use a key with Terminal permissions.</source>
        <translation>Cette clé API n’est pas autorisée à utiliser Stripe Terminal. Utilisez une clé disposant des autorisations Terminal.</translation>
    </message>
    <message>
        <source>Too many requests reached Stripe at once. Try again in a few seconds.</source>
        <translation>Stripe a reçu trop de requêtes à la fois. Réessayez dans quelques secondes.</translation>
    </message>
    <message>
        <source>Stripe refused the request. If it happens again, contact support.</source>
        <translation>Stripe a refusé la requête. Si cela se reproduit, contactez l’assistance.</translation>
    </message>
    <message>
        <source>Test cards can only be used with a simulated reader.</source>
        <translation>Les cartes de test ne fonctionnent qu’avec un lecteur simulé.</translation>
    </message>
    <message>
        <source>A payment is already in progress on this reader.</source>
        <translation>Un paiement est déjà en cours sur ce lecteur.</translation>
    </message>
    <message>
        <source>The card is being authorized; the payment can no longer be canceled.</source>
        <translation>La carte est en cours d’autorisation&#xa0;; le paiement ne peut plus être annulé.</translation>
    </message>
</context>
</TS>
