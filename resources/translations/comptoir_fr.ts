<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>ConnectionController</name>
    <message>
        <source>Reader {label} lost: {reason}</source>
        <extracomment>Asks the cashier whether to interrupt ``reader`` busy at ``counter``; True to force. Listing the readers of the location. Claiming a reader. The reader or the network dropped; retrying on a backoff schedule. The counter that took the reader over (``taken_over`` only). Reconnection attempt about to run (0 when not retrying automatically). ``time.monotonic()`` of the next attempt, for the countdown; None when not waiting. The last error while retrying, already in the cashier&apos;s words (English template). The reader was busy and the cashier chose not to interrupt it. The reader lost without asking, that the banner offers to reconnect to.</extracomment>
        <translation>Lecteur {label} perdu : {reason}</translation>
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
        <translation>Échec de la connexion : {error}</translation>
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
        <translation>Échec de la tentative de reconnexion {n} : {error}</translation>
    </message>
</context>
<context>
    <name>PaymentController</name>
    <message>
        <source>Charging {amount}</source>
        <extracomment>Being charged on the reader. Declined, canceled or interrupted: the cashier may retry it or drop it.</extracomment>
        <translation>Encaissement de {amount}</translation>
    </message>
    <message>
        <source>Payment not taken: {reason}</source>
        <translation>Paiement non effectué : {reason}</translation>
    </message>
    <message>
        <source>Payment approved: {amount}</source>
        <translation>Paiement accepté : {amount}</translation>
    </message>
    <message>
        <source>Payment declined: {reason}</source>
        <translation>Paiement refusé : {reason}</translation>
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
